import { Rule } from "../../rule";
import { PRODUCTION } from "../levels";
import { requireAuditExport } from "./audit-log-exports";

/** DocumentDB clusters send their audit log to CloudWatch. */
export const docdbAuditLogs: Rule = {
  id: "ENV-LOG-011",
  category: "logging",
  title: "DocumentDB clusters export their audit log to CloudWatch (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_docdb_cluster"],
  equivalents: { checkov: ["CKV_AWS_85"], trivy: ["AWS-0020"], fsbp: ["DocumentDB.4"] },
  remediation: 'Set enabled_cloudwatch_logs_exports = ["audit", "profiler"] on the cluster (and audit_logs = "enabled" in its cluster parameter group, so that there is an audit log to export).',
  check(cluster) {
    return requireAuditExport(cluster, "enabled_cloudwatch_logs_exports", "logins, failed authentications and dropped collections are not recorded");
  },
};
