import { fail, notApplicable, pass, Rule } from "../../rule";
import { block, isSet, unknownValue } from "../helpers";
import { SECURITY } from "../levels";

/** Environment variables of a Lambda function are encrypted with the environment's key, not the AWS-managed one. */
export const lambdaEnvironmentKms: Rule = {
  id: "ENV-ENC-028",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "Lambda functions with environment variables encrypt them with a customer-managed KMS key",
  severity: SECURITY,
  appliesTo: ["aws_lambda_function"],
  equivalents: { checkov: ["CKV_AWS_173"] },
  remediation: "Set kms_key_arn to the environment key's ARN, and allow kms:Decrypt on it to the function's role.",
  check(fn) {
    const variables = block(fn.attributes.environment)?.variables;
    if (variables === undefined || variables === null) return notApplicable();
    const count = typeof variables === "object" ? Object.keys(variables).length : undefined;
    if (count === 0) return notApplicable();
    if (isSet(fn.attributes.kms_key_arn)) return pass();
    if (count === undefined) return unknownValue(`environment.variables is ${JSON.stringify(variables)}, which could not be resolved to a map; kms_key_arn is not set, so any variables it holds are encrypted with the AWS-managed aws/lambda key`);
    return fail(`environment sets ${count} variable${count === 1 ? "" : "s"} and kms_key_arn is not set: they are encrypted with the AWS-managed aws/lambda key, so anyone allowed to read the function's configuration reads them in the clear`);
  },
};
