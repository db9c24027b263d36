import { Rule } from "../../rule";
import { flag } from "../helpers";
import { SECURITY } from "../levels";
import { checkContainers } from "./container-check";
import { securityContext, WORKLOAD_TYPES } from "./pod-spec";

/** Containers have a read-only root filesystem. */
export const readOnlyRootFilesystem: Rule = {
  id: "ENV-K8S-005",
  category: "kubernetes-workload",
  title: "Containers have a read-only root filesystem",
  severity: SECURITY,
  appliesTo: WORKLOAD_TYPES,
  equivalents: { checkov: ["CKV_K8S_22"], trivy: ["KSV-0014"] },
  remediation: "Set security_context { read_only_root_filesystem = true } and mount an emptyDir volume where the process must write.",
  check(workload) {
    return checkContainers(workload, (container) => {
      const value = flag(securityContext(container.body).read_only_root_filesystem);
      if (value === true) return undefined;
      if (value === "unresolved") return "security_context.read_only_root_filesystem could not be resolved to true or false";
      return `security_context.read_only_root_filesystem is ${value === undefined ? "not set (writable)" : "false"}`;
    });
  },
};
