import { StackModel, TfResource } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { literal } from "../presence";

/**
 * A REST API method asks callers for something: an authorizer, IAM, Cognito,
 * or at least an API key. CORS preflight (OPTIONS) must stay open, and a
 * PRIVATE API is reachable only through VPC endpoints, so neither is judged.
 * Public by design (a webhook, a public read API) is a decision to waive with
 * a reason, hence a security control (an error in staging and prod, a warning
 * below) rather than exposure.
 */
export const apiGatewayMethodAuthorization: Rule = {
  id: "ENV-IAM-008",
  category: "iam",
  title: "API Gateway methods require authorization or an API key (OPTIONS excepted)",
  severity: SECURITY,
  appliesTo: ["aws_api_gateway_method"],
  equivalents: { checkov: ["CKV_AWS_59"], trivy: ["AWS-0004"] },
  remediation: 'Set authorization = "AWS_IAM", "COGNITO_USER_POOLS" or "CUSTOM" (with authorizer_id), or api_key_required = true; waive with a reason a method that is public by design.',
  check(method, stack) {
    const verb = literal(method.attributes.http_method)?.toUpperCase();
    if (verb === undefined) return unknownValue(unresolved("http_method", method.attributes.http_method, "an HTTP method"));
    if (verb === "OPTIONS") return pass();
    const authorization = literal(method.attributes.authorization);
    if (authorization === undefined) return unknownValue(unresolved("authorization", method.attributes.authorization, '"NONE", "AWS_IAM", "CUSTOM" or "COGNITO_USER_POOLS"'));
    if (authorization.toUpperCase() !== "NONE") return pass();
    const apiKey = flag(method.attributes.api_key_required);
    if (apiKey === true) return pass();
    if (apiKey === "unresolved") return unknownValue(unresolved("api_key_required", method.attributes.api_key_required, "true or false"));
    if (isPrivateApi(method, stack)) return pass();
    return fail(`authorization is "NONE" and api_key_required is ${apiKey === undefined ? "not set (the provider default is false)" : "false"}: anyone who can reach the API can call ${verb} on it, and the backend behind it, without identifying themselves`);
  },
};

/** Whether the method's REST API is PRIVATE only (reachable through VPC endpoints). */
function isPrivateApi(method: TfResource, stack: StackModel): boolean {
  return stack.referencedResources(method.attributes.rest_api_id, "aws_api_gateway_rest_api").some((api) => {
    const types = block(api.attributes.endpoint_configuration)?.types;
    return Array.isArray(types) && types.length > 0 && types.every((t) => t === "PRIVATE");
  });
}
