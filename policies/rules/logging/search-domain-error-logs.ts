import { Rule } from "../../rule";
import { PRODUCTION } from "../levels";
import { requirePublishedLog } from "./search-domain-logs";

/** A production search domain keeps its error logs in CloudWatch Logs. */
export const searchDomainErrorLogs: Rule = {
  id: "ENV-LOG-020",
  category: "logging",
  title: "OpenSearch and Elasticsearch domains publish their error logs (ES_APPLICATION_LOGS) (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  equivalents: { checkov: ["CKV_AWS_84"], fsbp: ["Opensearch.4", "ES.4"] },
  remediation: 'Add log_publishing_options { log_type = "ES_APPLICATION_LOGS", cloudwatch_log_group_arn = <log group arn> }.',
  check(domain) {
    return requirePublishedLog(domain, "ES_APPLICATION_LOGS", "the domain's errors and warnings are not kept, so failures and refused requests cannot be investigated");
  },
};
