import { fail, pass, Rule } from "../../rule";
import { block, unknownValue, unresolved } from "../helpers";
import { PROD_ADVISORY } from "../levels";
import { literalString, UNRESOLVED } from "../literal";

/** Lambda functions start X-Ray traces, so a slow or failing request can be followed through them. */
export const lambdaTracing: Rule = {
  id: "ENV-LOG-013",
  category: "logging",
  title: "Lambda functions have active X-Ray tracing (an error in prod)",
  severity: PROD_ADVISORY,
  appliesTo: ["aws_lambda_function"],
  equivalents: { checkov: ["CKV_AWS_50"], trivy: ["AWS-0066"] },
  remediation: 'Add tracing_config { mode = "Active" } and allow xray:PutTraceSegments and xray:PutTelemetryRecords to the function\'s role.',
  check(fn) {
    const raw = block(fn.attributes.tracing_config)?.mode;
    const mode = literalString(raw);
    if (mode === "Active") return pass();
    if (mode === UNRESOLVED) return unknownValue(unresolved("tracing_config.mode", raw, '"Active" or "PassThrough"'));
    return fail(`tracing_config.mode is ${mode === undefined ? "not set (the provider default is PassThrough)" : JSON.stringify(mode)}: the function starts no X-Ray traces of its own, so a slow or failing request cannot be followed through it`);
  },
};
