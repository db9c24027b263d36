import { fail, pass, Rule } from "../../rule";
import { unknownValue } from "../helpers";
import { PRODUCTION } from "../levels";

/** The control-plane log types that show who did what in a cluster. */
export const REQUIRED_EKS_LOG_TYPES = Object.freeze(["api", "audit", "authenticator"] as const);

/** An EKS cluster sends its API, audit and authenticator logs to CloudWatch. */
export const eksControlPlaneLogs: Rule = {
  id: "ENV-LOG-008",
  category: "logging",
  title: "EKS clusters log the api, audit and authenticator control-plane types (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_eks_cluster"],
  equivalents: { checkov: ["CKV_AWS_37"], trivy: ["AWS-0038"], fsbp: ["EKS.8"] },
  remediation: 'Set enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"].',
  check(cluster) {
    const types = cluster.attributes.enabled_cluster_log_types;
    if (typeof types === "string" && types.includes("${")) return unknownValue(`enabled_cluster_log_types is ${JSON.stringify(types)}, which could not be resolved; set it to a literal list so the policy can verify it`);
    const enabled = Array.isArray(types) ? types : [];
    const missing = REQUIRED_EKS_LOG_TYPES.filter((t) => !enabled.includes(t));
    return missing.length === 0 ? pass() : fail(`enabled_cluster_log_types lacks ${missing.join(", ")}: who called the Kubernetes API, and as whom, is not recorded`);
  },
};
