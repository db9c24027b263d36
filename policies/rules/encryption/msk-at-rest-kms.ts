import { fail, pass, Rule } from "../../rule";
import { block, isSet } from "../helpers";
import { SECURITY } from "../levels";

/** MSK broker storage is encrypted with the environment's key rather than the AWS-managed one. */
export const mskAtRestKms: Rule = {
  id: "ENV-ENC-031",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "MSK clusters encrypt broker storage with a customer-managed KMS key",
  severity: SECURITY,
  appliesTo: ["aws_msk_cluster"],
  equivalents: { trivy: ["AWS-0179"] },
  remediation: "Set encryption_info { encryption_at_rest_kms_key_arn = <environment key ARN> } (a new cluster: it cannot be changed in place).",
  check(cluster) {
    if (isSet(block(cluster.attributes.encryption_info)?.encryption_at_rest_kms_key_arn)) return pass();
    return fail("encryption_info.encryption_at_rest_kms_key_arn is not set: broker storage is encrypted with the AWS-managed aws/kafka key, which the environment's key policy neither controls nor audits");
  },
};
