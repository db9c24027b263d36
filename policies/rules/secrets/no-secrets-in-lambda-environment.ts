import { fail, pass, Rule } from "../../rule";
import { block } from "../helpers";
import { EXPOSURE } from "../levels";
import { environmentFindings } from "../../../lib/core/credentials";

/** Lambda environment variables are visible to anyone who can read the function configuration. */
export const noSecretsInLambdaEnvironment: Rule = {
  id: "ENV-SEC-002",
  category: "secrets",
  title: "Lambda environment variables hold no plaintext secrets",
  severity: EXPOSURE,
  appliesTo: ["aws_lambda_function"],
  equivalents: { checkov: ["CKV_AWS_45"] },
  remediation: "Pass the secret's ARN or parameter name instead, and read it at runtime (Secrets Manager, SSM Parameter Store, or the Parameters and Secrets extension).",
  unwaivableIn: ["prod"],
  check(fn) {
    const variables = block(fn.attributes.environment)?.variables;
    if (variables === null || typeof variables !== "object") return pass();
    const found = environmentFindings(Object.entries(variables as Record<string, unknown>));
    return found.length === 0 ? pass() : fail(found.join("; "));
  },
};
