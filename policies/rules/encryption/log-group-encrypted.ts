import { fail, pass, Rule } from "../../rule";
import { isSet } from "../helpers";
import { SECURITY } from "../levels";

/** CloudWatch log groups are encrypted with the environment's KMS key. */
export const logGroupEncrypted: Rule = {
  id: "ENV-ENC-012",
  category: "encryption",
  control: "security.logGroupEncryption",
  title: "CloudWatch log groups are encrypted with a KMS key",
  severity: SECURITY,
  appliesTo: ["aws_cloudwatch_log_group"],
  equivalents: { checkov: ["CKV_AWS_158"], trivy: ["AWS-0017"] },
  remediation: "Use the LogGroup construct, or set kms_key_id to the environment key's ARN (its key policy must allow the logs service).",
  check(group) {
    return isSet(group.attributes.kms_key_id) ? pass() : fail("kms_key_id is not set: log events are encrypted only with a service-owned key");
  },
};
