import { Rule } from "../../rule";
import { PRODUCTION } from "../levels";
import { requirePublishedLog } from "./search-domain-logs";

/** A production search domain records who did what to its indices (audit logs need fine-grained access control). */
export const searchDomainAuditLogs: Rule = {
  id: "ENV-LOG-019",
  category: "logging",
  title: "OpenSearch and Elasticsearch domains publish audit logs (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  equivalents: { checkov: ["CKV_AWS_317"], trivy: ["AWS-0042"], fsbp: ["Opensearch.5", "ES.5"] },
  remediation: 'Add log_publishing_options { log_type = "AUDIT_LOGS", cloudwatch_log_group_arn = <log group arn> } (audit logs need advanced_security_options { enabled = true }).',
  check(domain) {
    return requirePublishedLog(domain, "AUDIT_LOGS", "who signed in, and who read or changed which index, is not recorded");
  },
};
