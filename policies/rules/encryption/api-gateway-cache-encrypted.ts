import { StackModel, TfResource } from "../../model";
import { fail, pass, Rule, RuleResult } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/**
 * What API Gateway caches it encrypts. A method setting that turns caching on
 * must turn `cache_data_encrypted` on too; and a stage with a cache cluster,
 * where API Gateway caches GET responses by default, needs a `*`/`*` method
 * setting that encrypts them (or turns caching off stage-wide).
 */
export const apiGatewayCacheEncrypted: Rule = {
  id: "ENV-ENC-036",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "API Gateway response caches are encrypted",
  severity: SECURITY,
  appliesTo: ["aws_api_gateway_method_settings", "aws_api_gateway_stage"],
  equivalents: { checkov: ["CKV_AWS_308"], trivy: ["AWS-0002"], fsbp: ["APIGateway.5"] },
  remediation: 'Set settings { cache_data_encrypted = true } on every aws_api_gateway_method_settings that enables caching, and add one with method_path = "*/*" for each stage with cache_cluster_enabled = true.',
  check(resource, stack) {
    return resource.type === "aws_api_gateway_stage" ? checkStage(resource, stack) : checkMethodSettings(resource);
  },
};

function checkMethodSettings(methodSettings: TfResource): RuleResult {
  const settings = block(methodSettings.attributes.settings) ?? {};
  const caching = flag(settings.caching_enabled);
  if (caching === "unresolved") return unknownValue(unresolved("settings.caching_enabled", settings.caching_enabled, "true or false"));
  if (caching !== true) return pass();
  const encrypted = flag(settings.cache_data_encrypted);
  if (encrypted === true) return pass();
  if (encrypted === "unresolved") return unknownValue(unresolved("settings.cache_data_encrypted", settings.cache_data_encrypted, "true or false"));
  const path = typeof methodSettings.attributes.method_path === "string" ? methodSettings.attributes.method_path : "these methods";
  return fail(`settings.caching_enabled is true and cache_data_encrypted is ${encrypted === undefined ? "not set (the default is false)" : "false"}: responses cached for ${path} are stored unencrypted`);
}

function checkStage(stage: TfResource, stack: StackModel): RuleResult {
  const cluster = flag(stage.attributes.cache_cluster_enabled);
  if (cluster === "unresolved") return unknownValue(unresolved("cache_cluster_enabled", stage.attributes.cache_cluster_enabled, "true or false"));
  if (cluster !== true) return pass();
  const stageWide = methodSettingsOf(stage, stack).filter((m) => m.attributes.method_path === "*/*").map((m) => block(m.attributes.settings) ?? {});
  if (stageWide.some((s) => flag(s.cache_data_encrypted) === true || flag(s.caching_enabled) === false)) return pass();
  for (const field of ["cache_data_encrypted", "caching_enabled"]) {
    const unknown = stageWide.find((s) => flag(s[field]) === "unresolved");
    if (unknown) return unknownValue(unresolved(`settings.${field} of the stage's */* method settings`, unknown[field], "true or false"));
  }
  return fail('cache_cluster_enabled is true and no aws_api_gateway_method_settings with method_path "*/*" for this stage sets cache_data_encrypted = true: API Gateway caches GET responses by default and stores them unencrypted');
}

/** Method settings that name this stage: by reference, or by the same literal stage name and API. */
function methodSettingsOf(stage: TfResource, stack: StackModel): readonly TfResource[] {
  const { stage_name: name, rest_api_id: api } = stage.attributes;
  return stack.resourcesOfType("aws_api_gateway_method_settings").filter((m) => stack.refersTo(m.attributes.stage_name, stage) || (typeof name === "string" && m.attributes.stage_name === name && m.attributes.rest_api_id === api));
}
