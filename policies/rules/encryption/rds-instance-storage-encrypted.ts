import { Rule } from "../../rule";
import { requireEncryption } from "./lineage";
import { SECURITY } from "../levels";

/** RDS instances encrypt their storage. */
export const rdsInstanceStorageEncrypted: Rule = {
  id: "ENV-ENC-004",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "RDS instances encrypt their storage",
  severity: SECURITY,
  appliesTo: ["aws_db_instance"],
  equivalents: { checkov: ["CKV_AWS_16"], trivy: ["AWS-0080"], fsbp: ["RDS.3"] },
  remediation: "Use the Database construct, or set storage_encrypted = true and kms_key_id on the instance (requires a new instance).",
  check(resource, stack) {
    return requireEncryption(resource, stack, "the database storage, backups and snapshots are unencrypted");
  },
};
