import { fail, pass, Rule } from "../../rule";
import { isSet } from "../helpers";
import { SECURITY } from "../levels";

/** Secrets Manager secrets are encrypted with a customer-managed key. */
export const secretKms: Rule = {
  id: "ENV-ENC-018",
  category: "encryption",
  title: "Secrets Manager secrets are encrypted with a customer-managed KMS key",
  severity: SECURITY,
  appliesTo: ["aws_secretsmanager_secret"],
  equivalents: { checkov: ["CKV_AWS_149"] },
  remediation: "Set kms_key_id to the environment key, so that reading the secret also needs kms:Decrypt on it.",
  check(secret) {
    return isSet(secret.attributes.kms_key_id) ? pass() : fail("kms_key_id is not set: the secret uses the AWS-managed key, which every principal of the account with secretsmanager:GetSecretValue may use");
  },
};
