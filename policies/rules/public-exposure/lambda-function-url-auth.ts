import { fail, pass, Rule } from "../../rule";
import { unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";
import { literalString, UNRESOLVED } from "../literal";

/** A function URL requires signed (IAM-authorized) requests. */
export const lambdaFunctionUrlAuth: Rule = {
  id: "ENV-PUB-012",
  category: "public-exposure",
  title: 'Lambda function URLs require IAM authorization (authorization_type = "AWS_IAM")',
  severity: EXPOSURE,
  appliesTo: ["aws_lambda_function_url"],
  equivalents: { checkov: ["CKV_AWS_258"] },
  remediation: 'Set authorization_type = "AWS_IAM" and grant lambda:InvokeFunctionUrl to the callers; put a public API behind API Gateway or CloudFront with its own authorization.',
  check(url) {
    const raw = url.attributes.authorization_type;
    const type = literalString(raw);
    if (type === UNRESOLVED) return unknownValue(unresolved("authorization_type", raw, '"AWS_IAM" or "NONE"'));
    if (type === "NONE") return fail('authorization_type is "NONE": the function URL is a public HTTPS endpoint that anyone on the internet can call without signing the request');
    return pass();
  },
};
