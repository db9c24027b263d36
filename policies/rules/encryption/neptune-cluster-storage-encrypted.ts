import { Rule } from "../../rule";
import { requireEncryption } from "./lineage";
import { SECURITY } from "../levels";

/** Neptune clusters encrypt their storage. */
export const neptuneClusterStorageEncrypted: Rule = {
  id: "ENV-ENC-006",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "Neptune clusters encrypt their storage",
  severity: SECURITY,
  appliesTo: ["aws_neptune_cluster"],
  equivalents: { checkov: ["CKV_AWS_44"], trivy: ["AWS-0076"] },
  remediation: "Set storage_encrypted = true and kms_key_arn on the Neptune cluster.",
  check(resource, stack) {
    return requireEncryption(resource, stack, "the graph data is stored unencrypted");
  },
};
