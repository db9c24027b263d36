/**
 * Loaders: Terraform configuration JSON (cdktf `cdk.tf.json`, hand-written
 * `*.tf.json`) and `terraform show -json` plans become the same stack model,
 * so one rule works on both.
 */
import { PolicyInputError } from "./errors";
import { asBlockList, asObject, detectFormat, firstBlock, LoadOptions, resolveTier, stringRecord, toVariable } from "./load-common";
import { createStackModel, StackModel, TfResource } from "./model";
import { metadataFields, readStackMetadata } from "./metadata";
import { loadPlan } from "./plan-loader";

export { loadPlan, UNKNOWN_AFTER_APPLY } from "./plan-loader";
export { detectFormat, type LoadOptions, type TerraformJsonFormat } from "./load-common";

/** Loads either format, after detecting which one `json` is. */
export function loadTerraform(json: unknown, options: LoadOptions): StackModel {
  const where = options.file ?? options.stackName;
  return detectFormat(json, where) === "plan" ? loadPlan(json, options) : loadTerraformJson(json, options);
}

/**
 * Loads Terraform configuration JSON: `resource` → type → name → attributes,
 * `data` the same (kept, never evaluated), `provider.aws` as an object or an
 * array of objects, `variable` blocks.
 */
export function loadTerraformJson(json: unknown, options: LoadOptions): StackModel {
  const where = options.file ?? options.stackName;
  if (detectFormat(json, where) !== "configuration") {
    throw new PolicyInputError(`${where}: this is a plan (it has "planned_values"); load it with loadPlan or loadTerraform.`);
  }
  const root = json as Record<string, unknown>;
  const resources = blocksOf(root.resource, options.stackName, "");
  const dataSources = blocksOf(root.data, options.stackName, "data.");
  const defaultTags = providerDefaultTags(root.provider);
  const variables = Object.entries(asObject(root.variable)).map(([name, body]) => toVariable(name, firstBlock(body)));
  const metadata = options.metadata ?? readStackMetadata(root, where);
  return createStackModel({
    ...metadataFields(metadata, options.stackName),
    name: options.stackName,
    tier: resolveTier(options, defaultTags, where, resources),
    defaultTags,
    resources,
    dataSources,
    variables,
    now: options.now,
    source: "configuration",
    file: options.file,
  });
}

function blocksOf(section: unknown, stack: string, addressPrefix: string): TfResource[] {
  const out: TfResource[] = [];
  for (const [type, byName] of Object.entries(asObject(section))) {
    for (const [name, body] of Object.entries(asObject(byName))) {
      const { "//": meta, ...attributes } = firstBlock(body);
      const constructPath = asObject(asObject(meta).metadata).path;
      out.push({
        type,
        name,
        address: `${addressPrefix}${type}.${name}`,
        attributes,
        stack,
        ...(typeof constructPath === "string" ? { constructPath } : {}),
      });
    }
  }
  return out;
}

function providerDefaultTags(provider: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const block of asBlockList(asObject(provider).aws)) {
    for (const defaults of asBlockList(block.default_tags)) Object.assign(tags, stringRecord(defaults.tags));
  }
  return tags;
}

