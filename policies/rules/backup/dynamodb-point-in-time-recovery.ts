import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/** DynamoDB tables can be restored to any second of the last 35 days. */
export const dynamodbPointInTimeRecovery: Rule = {
  id: "ENV-BAK-003",
  category: "backup",
  title: "DynamoDB tables have point-in-time recovery",
  severity: SECURITY,
  appliesTo: ["aws_dynamodb_table"],
  equivalents: { checkov: ["CKV_AWS_28"], trivy: ["AWS-0024"], fsbp: ["DynamoDB.2"] },
  remediation: "Add point_in_time_recovery { enabled = true } to the table.",
  check(table) {
    const enabled = flag(block(table.attributes.point_in_time_recovery)?.enabled);
    if (enabled === true) return pass();
    if (enabled === "unresolved") return unknownValue(unresolved("point_in_time_recovery.enabled", block(table.attributes.point_in_time_recovery)?.enabled, "true or false"));
    return fail("point_in_time_recovery is not enabled: a bad write or delete cannot be undone");
  },
};
