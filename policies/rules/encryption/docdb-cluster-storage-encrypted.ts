import { Rule } from "../../rule";
import { requireEncryption } from "./lineage";
import { SECURITY } from "../levels";

/** DocumentDB clusters encrypt their storage. */
export const docdbClusterStorageEncrypted: Rule = {
  id: "ENV-ENC-007",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "DocumentDB clusters encrypt their storage",
  severity: SECURITY,
  appliesTo: ["aws_docdb_cluster"],
  equivalents: { checkov: ["CKV_AWS_74"], trivy: ["AWS-0021"] },
  remediation: "Set storage_encrypted = true and kms_key_id on the DocumentDB cluster (the AWS default is unencrypted).",
  check(resource, stack) {
    return requireEncryption(resource, stack, "the documents are stored unencrypted");
  },
};
