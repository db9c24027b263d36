import { Rule } from "../../rule";
import { SECURITY } from "../levels";
import { DERIVED_ONLY_TYPES, requireEncryption } from "./lineage";

/**
 * Snapshots carry no encryption setting: they are encrypted as the volume,
 * instance or cluster they are taken of (through copies, replicas and
 * restores), which this rule traces through the stack.
 */
export const snapshotSourceEncrypted: Rule = {
  id: "ENV-ENC-039",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "Snapshots are encrypted, judged by the volume, instance or cluster they are taken of",
  severity: SECURITY,
  appliesTo: DERIVED_ONLY_TYPES,
  equivalents: {},
  remediation: "Encrypt the source (encrypted / storage_encrypted = true with kms_key_id), or snapshot an encrypted copy; an aws_db_snapshot_copy can encrypt with kms_key_id.",
  check(snapshot, stack) {
    return requireEncryption(snapshot, stack, "the snapshot, and everything restored from it, is stored unencrypted");
  },
};
