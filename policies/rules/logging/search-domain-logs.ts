/**
 * Reads an OpenSearch/Elasticsearch domain's `log_publishing_options` for one
 * log type; shared by the audit and error log rules.
 */
import { isReference, TfResource } from "../../model";
import { fail, pass, RuleResult } from "../../rule";
import { blocks, flag, unknownValue, unresolved } from "../helpers";
import { literal, presence } from "../presence";

/** Passes when the domain publishes `logType` to a log group (`enabled` defaults to true). */
export function requirePublishedLog(domain: TfResource, logType: string, consequence: string): RuleResult {
  const written = domain.attributes.log_publishing_options;
  if (isReference(written)) return unknownValue(unresolved("log_publishing_options", written, "log_publishing_options blocks"));
  const options = blocks(written);
  const option = options.find((o) => o.log_type === logType);
  if (!option) {
    const unknown = options.find((o) => literal(o.log_type) === undefined);
    if (unknown) return unknownValue(unresolved("log_publishing_options.log_type", unknown.log_type, `"${logType}"`));
    return fail(`no log_publishing_options publishes ${logType}: ${consequence}`);
  }
  const enabled = flag(option.enabled);
  if (enabled === "unresolved") return unknownValue(unresolved(`log_publishing_options ${logType} enabled`, option.enabled, "true or false"));
  if (enabled === false) return fail(`log_publishing_options ${logType} has enabled = false: ${consequence}`);
  const group = presence(option.cloudwatch_log_group_arn);
  if (group === "unknown") return unknownValue(unresolved(`log_publishing_options ${logType} cloudwatch_log_group_arn`, option.cloudwatch_log_group_arn, "a log group arn"));
  return group === "set" ? pass() : fail(`log_publishing_options ${logType} has no cloudwatch_log_group_arn: ${consequence}`);
}
