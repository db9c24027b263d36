import { Rule } from "../../rule";
import { requireTrue } from "../helpers";
import { SECURITY } from "../levels";

/** EFS file systems are encrypted at rest. */
export const efsEncrypted: Rule = {
  id: "ENV-ENC-008",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "EFS file systems are encrypted at rest",
  severity: SECURITY,
  appliesTo: ["aws_efs_file_system"],
  equivalents: { checkov: ["CKV_AWS_42"], trivy: ["AWS-0037"] },
  remediation: "Set encrypted = true and kms_key_id on the file system (requires a new file system).",
  check(resource) {
    return requireTrue(resource.attributes, "encrypted", "the file system is stored unencrypted");
  },
};
