import { fail, pass, Rule } from "../../rule";
import { isSet } from "../helpers";
import { SECURITY } from "../levels";

/** SNS topics encrypt messages with a KMS key. */
export const snsTopicEncrypted: Rule = {
  id: "ENV-ENC-011",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "SNS topics are encrypted with KMS",
  severity: SECURITY,
  appliesTo: ["aws_sns_topic"],
  equivalents: { checkov: ["CKV_AWS_26"], trivy: ["AWS-0095"] },
  remediation: "Set kms_master_key_id on the topic to the environment key (or alias/aws/sns).",
  check(topic) {
    return isSet(topic.attributes.kms_master_key_id) ? pass() : fail("kms_master_key_id is not set: messages are stored unencrypted");
  },
};
