import { isReference, StackModel, TfResource } from "../../model";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { block, isSet, unknownValue } from "../helpers";
import { PROD_ADVISORY } from "../levels";
import { literalString } from "../literal";

/** Services that invoke a function synchronously: a failure goes back to the caller, not to a dead-letter queue. */
const SYNCHRONOUS_PRINCIPALS = new Set(["apigateway.amazonaws.com", "elasticloadbalancing.amazonaws.com"]);

/**
 * Events a function fails to process asynchronously are kept: in a
 * dead-letter queue, or sent to an on-failure destination.
 */
export const lambdaFailureDestination: Rule = {
  id: "ENV-LOG-014",
  category: "logging",
  title: "Lambda functions invoked asynchronously keep failed events in a dead-letter queue or an on-failure destination (an error in prod)",
  severity: PROD_ADVISORY,
  appliesTo: ["aws_lambda_function"],
  equivalents: { checkov: ["CKV_AWS_116"] },
  remediation: "Set dead_letter_config { target_arn = <SQS queue or SNS topic ARN> }, or add an aws_lambda_function_event_invoke_config for the function with destination_config { on_failure { destination = <ARN> } }.",
  check(fn, stack) {
    if (isSet(block(fn.attributes.dead_letter_config)?.target_arn)) return pass();
    const configs = stack.resourcesOfType("aws_lambda_function_event_invoke_config").filter(hasFailureDestination);
    if (configs.some((c) => names(c.attributes.function_name, fn, stack))) return pass();
    if (invokedOnlySynchronously(fn, stack)) return notApplicable();
    const unresolvedConfig = configs.find((c) => isReference(c.attributes.function_name) && stack.referencedResources(c.attributes.function_name).length === 0);
    if (unresolvedConfig) return unknownValue(`${unresolvedConfig.address}.function_name is ${JSON.stringify(unresolvedConfig.attributes.function_name)}, which could not be resolved; the policy cannot tell whether its on-failure destination is this function's`);
    return fail("neither dead_letter_config.target_arn nor an aws_lambda_function_event_invoke_config with destination_config.on_failure is set: events of asynchronous invocations that still fail after two retries are dropped without a trace");
  },
};

function hasFailureDestination(config: TfResource): boolean {
  return isSet(block(block(config.attributes.destination_config)?.on_failure)?.destination);
}

/** Whether a function_name argument (a reference, a name, or an ARN) designates `fn`. */
function names(value: unknown, fn: TfResource, stack: StackModel): boolean {
  if (stack.refersTo(value, fn)) return true;
  const name = literalString(fn.attributes.function_name);
  const written = literalString(value);
  return typeof name === "string" && typeof written === "string" && (written === name || written.endsWith(`:function:${name}`));
}

/**
 * Whether everything in the stack that invokes `fn` does so synchronously or
 * by polling (API Gateway, load balancers, function URLs, event source
 * mappings, whose failures are handled by the caller or the mapping). A
 * function with no known trigger is assumed to be invoked asynchronously.
 */
function invokedOnlySynchronously(fn: TfResource, stack: StackModel): boolean {
  const permissions = stack.referrersOf(fn, "aws_lambda_permission");
  const pollers = [...stack.referrersOf(fn, "aws_lambda_event_source_mapping"), ...stack.referrersOf(fn, "aws_lambda_function_url")];
  if (permissions.length + pollers.length === 0) return false;
  return permissions.every((p) => {
    const principal = literalString(p.attributes.principal);
    return typeof principal === "string" && SYNCHRONOUS_PRINCIPALS.has(principal);
  });
}
