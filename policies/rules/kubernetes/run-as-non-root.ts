import { Rule } from "../../rule";
import { flag, numberValue } from "../helpers";
import { SECURITY } from "../levels";
import { checkContainers } from "./container-check";
import { securityContext, WORKLOAD_TYPES } from "./pod-spec";

/** Containers run as a non-root user, declared at pod or container level. */
export const runAsNonRoot: Rule = {
  id: "ENV-K8S-003",
  category: "kubernetes-workload",
  title: "Containers run as non-root (run_as_non_root = true, run_as_user not 0)",
  severity: SECURITY,
  appliesTo: WORKLOAD_TYPES,
  equivalents: { checkov: ["CKV_K8S_23"], trivy: ["KSV-0012"] },
  remediation: "Set security_context { run_as_non_root = true, run_as_user = <uid above 10000> } on the pod or each container, and build the image with a non-root USER.",
  check(workload) {
    return checkContainers(workload, (container, podSpec) => {
      const own = securityContext(container.body);
      const pod = securityContext(podSpec);
      const user = numberValue(own.run_as_user ?? pod.run_as_user);
      if (user === 0) return "run_as_user is 0 (root)";
      const nonRoot = flag(own.run_as_non_root ?? pod.run_as_non_root);
      if (nonRoot === true) return undefined;
      if (nonRoot === "unresolved" || user === "unresolved") return "run_as_non_root / run_as_user could not be resolved";
      return `run_as_non_root is ${nonRoot === undefined ? "not set at pod or container level" : "false"}: the image's user (often root) is used`;
    });
  },
};
