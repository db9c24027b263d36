import { fail, pass, Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { credentialFindings } from "../../../lib/core/credentials";

/** A credential in an SSM parameter's value is in the Terraform state and the code, SecureString or not. */
export const noSecretsInParameters: Rule = {
  id: "ENV-SEC-004",
  category: "secrets",
  title: "SSM parameters written by Terraform hold no plaintext credentials",
  severity: EXPOSURE,
  appliesTo: ["aws_ssm_parameter"],
  equivalents: {},
  remediation: "Keep the credential out of Terraform: store it in AWS Secrets Manager (created and rotated outside this stack) and publish only the secret's ARN as the parameter.",
  unwaivableIn: ["prod"],
  check(parameter) {
    const found = credentialFindings(String(parameter.attributes.name ?? parameter.name), parameter.attributes.value);
    return found.length === 0 ? pass() : fail(`value looks like a credential (${found.join(", ")}); it would sit in the Terraform state in plain text`);
  },
};
