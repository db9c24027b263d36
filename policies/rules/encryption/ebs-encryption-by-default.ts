import { Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { SECURITY } from "../levels";

/** The account's EBS encryption by default, once managed, stays on. */
export const ebsEncryptionByDefault: Rule = {
  id: "ENV-ENC-027",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "EBS encryption by default stays enabled for the account and region",
  severity: SECURITY,
  appliesTo: ["aws_ebs_encryption_by_default"],
  equivalents: { checkov: ["CKV_AWS_106"], fsbp: ["EC2.7"] },
  remediation: "Set enabled = true (or leave it unset: the provider default is true), and aws_ebs_default_kms_key to the environment key.",
  check(setting) {
    return requireFlag(setting.attributes, "enabled", "new EBS volumes and snapshot copies in this region are created unencrypted unless each one asks for encryption", true);
  },
};
