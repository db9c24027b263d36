import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/** DynamoDB tables encrypt with a KMS key (server_side_encryption enabled), not only the AWS-owned default. */
export const dynamodbTableKms: Rule = {
  id: "ENV-ENC-009",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "DynamoDB tables use KMS server-side encryption",
  severity: SECURITY,
  appliesTo: ["aws_dynamodb_table"],
  equivalents: { checkov: ["CKV_AWS_119"], trivy: ["AWS-0025"] },
  remediation: "Add server_side_encryption { enabled = true, kms_key_arn = <environment key ARN> } to the table.",
  check(table) {
    const sse = block(table.attributes.server_side_encryption);
    const enabled = flag(sse?.enabled);
    if (enabled === true) return pass();
    if (enabled === "unresolved") return unknownValue(unresolved("server_side_encryption.enabled", sse?.enabled, "true or false"));
    return fail("server_side_encryption is not enabled: the table uses the AWS-owned key, which gives no control or audit of key use");
  },
};
