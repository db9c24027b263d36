import { fail, notApplicable, pass, Rule } from "../../rule";
import { blocks } from "../helpers";
import { SECURITY } from "../levels";
import { podSpecOf, WORKLOAD_TYPES } from "./pod-spec";

/** Pods do not mount directories of the node. */
export const noHostPathVolumes: Rule = {
  id: "ENV-K8S-007",
  category: "kubernetes-workload",
  title: "Pods mount no host_path volumes",
  severity: SECURITY,
  appliesTo: WORKLOAD_TYPES,
  equivalents: { trivy: ["KSV-0023"] },
  remediation: "Replace host_path volumes with empty_dir, config maps, secrets or persistent volume claims.",
  check(workload) {
    const spec = podSpecOf(workload);
    if (!spec) return notApplicable();
    const hostPaths = blocks(spec.volume).filter((v) => v.host_path !== undefined && v.host_path !== null);
    if (hostPaths.length === 0) return pass();
    return fail(`volume ${hostPaths.map((v) => (typeof v.name === "string" ? `"${v.name}"` : "(unnamed)")).join(", ")} mounts a host_path from the node`);
  },
};
