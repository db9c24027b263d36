import { isReference, StackModel, TfResource } from "../../model";
import { fail, pass, Rule, RuleResult } from "../../rule";
import { block, unknownValue, unresolved } from "../helpers";
import { PRODUCTION } from "../levels";
import { presence } from "../presence";

/**
 * A production distribution records the requests it serves: standard logging
 * to S3 (`logging_config`), or standard logging v2 (an
 * `aws_cloudwatch_log_delivery_source` of its ACCESS_LOGS that an
 * `aws_cloudwatch_log_delivery` sends somewhere).
 */
export const cloudfrontAccessLogs: Rule = {
  id: "ENV-LOG-016",
  category: "logging",
  title: "CloudFront distributions write access logs (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_cloudfront_distribution"],
  equivalents: { checkov: ["CKV_AWS_86"], trivy: ["AWS-0010"], fsbp: ["CloudFront.5"] },
  remediation: 'Add logging_config { bucket = "<log bucket>.s3.amazonaws.com" }, or an aws_cloudwatch_log_delivery_source (log_type = "ACCESS_LOGS", resource_arn = the distribution\'s arn) with an aws_cloudwatch_log_delivery to a destination.',
  check(distribution, stack) {
    const written = distribution.attributes.logging_config;
    const config = block(written);
    if (config) {
      const bucket = presence(config.bucket);
      if (bucket === "set") return pass();
      if (bucket === "unknown") return unknownValue(unresolved("logging_config.bucket", config.bucket, "a bucket"));
      return fail("logging_config has no bucket: requests served at the edge, and who made them, are not recorded");
    }
    if (isReference(written)) return unknownValue(unresolved("logging_config", written, "a logging_config block"));
    return deliveredLogs(distribution, stack);
  },
};

function deliveredLogs(distribution: TfResource, stack: StackModel): RuleResult {
  const sources = stack.referrersOf(distribution, "aws_cloudwatch_log_delivery_source").filter((s) => s.attributes.log_type === "ACCESS_LOGS" && stack.refersTo(s.attributes.resource_arn, distribution));
  if (sources.length === 0) return fail("logging_config is not declared and no aws_cloudwatch_log_delivery_source collects its ACCESS_LOGS: requests served at the edge, and who made them, are not recorded");
  const delivered = sources.some((source) =>
    stack.resourcesOfType("aws_cloudwatch_log_delivery").some((d) => stack.refersTo(d.attributes.delivery_source_name, source) || (typeof source.attributes.name === "string" && d.attributes.delivery_source_name === source.attributes.name)),
  );
  if (delivered) return pass();
  return fail(`${sources[0].address} collects the access logs, but no aws_cloudwatch_log_delivery sends them to a destination: requests served at the edge are not recorded`);
}
