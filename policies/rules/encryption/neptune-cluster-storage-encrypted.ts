import { Rule } from "../../rule";
import { requireTrue } from "../helpers";
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
  check(resource) {
    return requireTrue(resource.attributes, "storage_encrypted", "the graph data is stored unencrypted");
  },
};
