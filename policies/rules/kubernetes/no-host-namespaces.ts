import { fail, notApplicable, pass, Rule } from "../../rule";
import { flag } from "../helpers";
import { SECURITY } from "../levels";
import { podSpecOf, WORKLOAD_TYPES } from "./pod-spec";

const HOST_FLAGS = ["host_network", "host_pid", "host_ipc"] as const;

/** Pods do not share the node's network, process or IPC namespaces. */
export const noHostNamespaces: Rule = {
  id: "ENV-K8S-006",
  category: "kubernetes-workload",
  title: "Pods do not use host_network, host_pid or host_ipc",
  severity: SECURITY,
  appliesTo: WORKLOAD_TYPES,
  equivalents: { checkov: ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19"], trivy: ["KSV-0008", "KSV-0009", "KSV-0010"] },
  remediation: "Remove host_network, host_pid and host_ipc from the pod spec; expose ports through a Service instead.",
  check(workload) {
    const spec = podSpecOf(workload);
    if (!spec) return notApplicable();
    const shared = HOST_FLAGS.filter((f) => flag(spec[f]) !== false && flag(spec[f]) !== undefined);
    return shared.length === 0 ? pass() : fail(`${shared.join(", ")} ${shared.length === 1 ? "is" : "are"} true or unresolved: the pod shares the node's namespaces`);
  },
};
