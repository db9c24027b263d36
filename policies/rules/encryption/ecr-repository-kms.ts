import { fail, pass, Rule } from "../../rule";
import { block } from "../helpers";
import { SECURITY } from "../levels";

/** ECR repositories encrypt images with KMS. */
export const ecrRepositoryKms: Rule = {
  id: "ENV-ENC-015",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "ECR repositories encrypt images with KMS",
  severity: SECURITY,
  appliesTo: ["aws_ecr_repository"],
  equivalents: { checkov: ["CKV_AWS_136"], trivy: ["AWS-0033"] },
  remediation: "Add encryption_configuration { encryption_type = \"KMS\", kms_key = <environment key ARN> } (requires a new repository).",
  check(repository) {
    const type = block(repository.attributes.encryption_configuration)?.encryption_type;
    if (type === "KMS" || type === "KMS_DSSE") return pass();
    return fail(`encryption_configuration.encryption_type is ${type === undefined ? "not set (AES256)" : JSON.stringify(type)}; allowed: "KMS", "KMS_DSSE"`);
  },
};
