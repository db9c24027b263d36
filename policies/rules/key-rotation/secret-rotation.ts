import { fail, pass, Rule } from "../../rule";
import { PROD_ADVISORY } from "../levels";

/** Secrets rotate on a schedule. */
export const secretRotation: Rule = {
  id: "ENV-KMS-002",
  category: "key-rotation",
  title: "Secrets Manager secrets rotate automatically (an error in prod)",
  severity: PROD_ADVISORY,
  appliesTo: ["aws_secretsmanager_secret"],
  equivalents: { checkov: ["CKV2_AWS_57"], fsbp: ["SecretsManager.1"] },
  remediation: "Add an aws_secretsmanager_secret_rotation for the secret, with a rotation Lambda and rotation_rules { automatically_after_days = 30 } (or less).",
  check(secret, stack) {
    const rotations = stack.referrersOf(secret, "aws_secretsmanager_secret_rotation").filter((r) => stack.refersTo(r.attributes.secret_id, secret));
    return rotations.length > 0 ? pass() : fail("no aws_secretsmanager_secret_rotation refers to this secret: a leaked value stays valid until someone changes it by hand");
  },
};
