import { Rule } from "../../rule";
import { block } from "../helpers";
import { SECURITY } from "../levels";
import { checkContainers } from "./container-check";
import { WORKLOAD_TYPES } from "./pod-spec";

/** Containers declare CPU and memory requests and limits, so quotas and scheduling work. */
export const resourceRequestsAndLimits: Rule = {
  id: "ENV-K8S-004",
  category: "kubernetes-workload",
  title: "Containers set CPU and memory requests and limits",
  severity: SECURITY,
  appliesTo: WORKLOAD_TYPES,
  equivalents: { checkov: ["CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13"], trivy: ["KSV-0011", "KSV-0015", "KSV-0016", "KSV-0018"] },
  remediation: "Set resources { requests = { cpu, memory }, limits = { cpu, memory } } on every container. Services built with the WebService or Worker template (or the workload() helper of cdktf-envkit/kubernetes) get requests and limits from the tier (overrides.cpuMillicores, overrides.memoryMiB per service).",
  check(workload) {
    return checkContainers(workload, (container) => {
      const resources = block(container.body.resources) ?? {};
      const missing: string[] = [];
      for (const kind of ["requests", "limits"]) {
        const values = block(resources[kind]) ?? {};
        for (const key of ["cpu", "memory"]) if (values[key] === undefined || values[key] === "") missing.push(`${kind}.${key}`);
      }
      return missing.length === 0 ? undefined : `resources ${missing.join(", ")} not set`;
    });
  },
};
