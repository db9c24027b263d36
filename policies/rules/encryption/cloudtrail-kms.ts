import { fail, pass, Rule } from "../../rule";
import { isSet } from "../helpers";
import { SECURITY } from "../levels";

/** CloudTrail logs are encrypted with a customer-managed key. */
export const cloudtrailKms: Rule = {
  id: "ENV-ENC-017",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "CloudTrail trails encrypt their logs with a KMS key",
  severity: SECURITY,
  appliesTo: ["aws_cloudtrail"],
  equivalents: { checkov: ["CKV_AWS_35"], trivy: ["AWS-0015"], fsbp: ["CloudTrail.2"] },
  remediation: "Set kms_key_id to a customer-managed key whose policy lets cloudtrail.amazonaws.com encrypt.",
  check(trail) {
    return isSet(trail.attributes.kms_key_id) ? pass() : fail("kms_key_id is not set: the trail's logs are encrypted only with the bucket's S3-managed key, and anyone who can read the bucket reads the audit trail");
  },
};
