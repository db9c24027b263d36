import { fail, pass, Rule } from "../../rule";
import { SECURITY } from "../levels";
import { inNamespace } from "./pod-spec";

/** Every namespace has a network policy (the default-deny baseline). */
export const namespaceNetworkPolicy: Rule = {
  id: "ENV-K8S-009",
  category: "kubernetes-workload",
  title: "Namespaces have a network policy",
  severity: SECURITY,
  appliesTo: ["kubernetes_namespace", "kubernetes_namespace_v1"],
  equivalents: {},
  remediation: "Add a default-deny kubernetes_network_policy_v1 with metadata.namespace = this namespace.",
  check(namespace, stack) {
    const policies = inNamespace(stack, namespace, ["kubernetes_network_policy", "kubernetes_network_policy_v1"]);
    return policies.length > 0 ? pass() : fail("no kubernetes_network_policy is declared in this namespace: every pod accepts traffic from every pod in the cluster");
  },
};
