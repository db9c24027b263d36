import { Rule } from "../../rule";
import { PRODUCTION } from "../levels";
import { requireAuditExport } from "./audit-log-exports";

/** Neptune clusters send their audit log to CloudWatch. */
export const neptuneAuditLogs: Rule = {
  id: "ENV-LOG-010",
  category: "logging",
  title: "Neptune clusters export their audit log to CloudWatch (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_neptune_cluster"],
  equivalents: { checkov: ["CKV_AWS_101"], trivy: ["AWS-0075"], fsbp: ["Neptune.2"] },
  remediation: 'Set enable_cloudwatch_logs_exports = ["audit"] on the cluster (and neptune_enable_audit_log = 1 in its cluster parameter group, so that there is an audit log to export).',
  check(cluster) {
    return requireAuditExport(cluster, "enable_cloudwatch_logs_exports", "who queried or changed the graph, and from where, is not recorded");
  },
};
