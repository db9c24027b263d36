import { Rule } from "../../rule";
import { requireEncryption } from "./lineage";
import { SECURITY } from "../levels";

/** RDS/Aurora clusters encrypt their storage. */
export const rdsClusterStorageEncrypted: Rule = {
  id: "ENV-ENC-005",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "RDS/Aurora clusters encrypt their storage",
  severity: SECURITY,
  appliesTo: ["aws_rds_cluster"],
  equivalents: { checkov: ["CKV_AWS_96"], trivy: ["AWS-0079"] },
  remediation: "Set storage_encrypted = true and kms_key_id on the cluster (requires a new cluster).",
  check(resource, stack) {
    return requireEncryption(resource, stack, "the cluster storage, backups and snapshots are unencrypted");
  },
};
