import { fail, pass, Rule } from "../../rule";
import { SECURITY } from "../levels";
import { inNamespace } from "./pod-spec";

/** Every namespace has a resource quota, so one environment cannot starve the cluster. */
export const namespaceResourceQuota: Rule = {
  id: "ENV-K8S-010",
  category: "kubernetes-workload",
  title: "Namespaces have a resource quota",
  severity: SECURITY,
  appliesTo: ["kubernetes_namespace", "kubernetes_namespace_v1"],
  equivalents: { trivy: ["KSV-0040"] },
  remediation: "Add a kubernetes_resource_quota_v1 with metadata.namespace = this namespace.",
  check(namespace, stack) {
    const quotas = inNamespace(stack, namespace, ["kubernetes_resource_quota", "kubernetes_resource_quota_v1"]);
    return quotas.length > 0 ? pass() : fail("no kubernetes_resource_quota is declared in this namespace: its workloads can consume the whole cluster");
  },
};
