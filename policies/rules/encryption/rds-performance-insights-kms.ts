import { fail, notApplicable, pass, Rule } from "../../rule";
import { flag, isSet, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/** Performance Insights data, which holds SQL text, is encrypted with the environment's key. */
export const rdsPerformanceInsightsKms: Rule = {
  id: "ENV-ENC-026",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "RDS Performance Insights, where enabled, is encrypted with a customer-managed KMS key",
  severity: SECURITY,
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance", "aws_rds_cluster"],
  equivalents: { checkov: ["CKV_AWS_354"], trivy: ["AWS-0078"] },
  remediation: "Set performance_insights_kms_key_id to the environment key's ARN wherever performance_insights_enabled = true.",
  check(db) {
    const enabled = flag(db.attributes.performance_insights_enabled);
    if (enabled === "unresolved") return unknownValue(unresolved("performance_insights_enabled", db.attributes.performance_insights_enabled, "true or false"));
    if (enabled !== true) return notApplicable();
    if (isSet(db.attributes.performance_insights_kms_key_id)) return pass();
    return fail("performance_insights_enabled is true but performance_insights_kms_key_id is not set: the collected queries, SQL text included, are encrypted with the AWS-managed aws/rds key, outside the environment key's policy");
  },
};
