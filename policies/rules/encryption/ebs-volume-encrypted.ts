import { Rule } from "../../rule";
import { requireEncryption } from "./lineage";
import { SECURITY } from "../levels";

/** EBS volumes are encrypted at rest. */
export const ebsVolumeEncrypted: Rule = {
  id: "ENV-ENC-002",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "EBS volumes are encrypted at rest",
  severity: SECURITY,
  appliesTo: ["aws_ebs_volume"],
  equivalents: { checkov: ["CKV_AWS_3"], trivy: ["AWS-0026"], fsbp: ["EC2.3"] },
  remediation: "Set encrypted = true (and kms_key_id to the environment key) on the volume.",
  check(resource, stack) {
    return requireEncryption(resource, stack, "the volume and its snapshots are stored unencrypted");
  },
};
