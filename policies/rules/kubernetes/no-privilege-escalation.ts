import { Rule } from "../../rule";
import { flag } from "../helpers";
import { SECURITY } from "../levels";
import { checkContainers } from "./container-check";
import { securityContext, WORKLOAD_TYPES } from "./pod-spec";

/** Containers set allow_privilege_escalation = false. */
export const noPrivilegeEscalation: Rule = {
  id: "ENV-K8S-002",
  category: "kubernetes-workload",
  title: "Containers set allow_privilege_escalation = false",
  severity: SECURITY,
  appliesTo: WORKLOAD_TYPES,
  equivalents: { checkov: ["CKV_K8S_20"], trivy: ["KSV-0001"] },
  remediation: "Set security_context { allow_privilege_escalation = false } on every container.",
  check(workload) {
    return checkContainers(workload, (container) => {
      const value = flag(securityContext(container.body).allow_privilege_escalation);
      if (value === false) return undefined;
      if (value === "unresolved") return "security_context.allow_privilege_escalation could not be resolved to true or false";
      return `security_context.allow_privilege_escalation is ${value === undefined ? "not set (defaults to true)" : "true"}`;
    });
  },
};
