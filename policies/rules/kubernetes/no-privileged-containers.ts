import { Rule } from "../../rule";
import { flag } from "../helpers";
import { SECURITY } from "../levels";
import { checkContainers } from "./container-check";
import { securityContext, WORKLOAD_TYPES } from "./pod-spec";

/** Containers are not privileged. */
export const noPrivilegedContainers: Rule = {
  id: "ENV-K8S-001",
  category: "kubernetes-workload",
  title: "Containers are not privileged",
  severity: SECURITY,
  appliesTo: WORKLOAD_TYPES,
  equivalents: { checkov: ["CKV_K8S_16"], trivy: ["KSV-0017"] },
  remediation: "Remove security_context.privileged (or set it to false); grant only the specific capabilities needed. Services built with the WebService or Worker template (or the workload() helper of cdktf-envkit/kubernetes) get a hardened security context.",
  check(workload) {
    return checkContainers(workload, (container) => {
      const value = flag(securityContext(container.body).privileged);
      if (value === true) return "security_context.privileged is true: the container has full access to the node";
      return value === "unresolved" ? "security_context.privileged could not be resolved to true or false" : undefined;
    });
  },
};
