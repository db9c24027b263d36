import { Rule } from "../../rule";
import { requireEncryption } from "./lineage";
import { SECURITY } from "../levels";

/** EBS snapshot copies are encrypted at rest. */
export const ebsSnapshotCopyEncrypted: Rule = {
  id: "ENV-ENC-003",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "EBS snapshot copies are encrypted at rest",
  severity: SECURITY,
  appliesTo: ["aws_ebs_snapshot_copy"],
  equivalents: {},
  remediation: "Set encrypted = true (and kms_key_id to the environment key) on the snapshot copy.",
  check(resource, stack) {
    return requireEncryption(resource, stack, "the copied snapshot is stored unencrypted");
  },
};
