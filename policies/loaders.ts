/**
 * Loaders: Terraform configuration JSON (cdktf `cdk.tf.json`, hand-written
 * `*.tf.json`), `terraform show -json` plans and states become the same stack
 * model, so one rule works on all of them.
 *
 * Configuration JSON is read in every form Terraform's JSON syntax allows: a
 * block type given as an object or as an array of objects at every level
 * (`"resource": [{...}]`, `"aws_s3_bucket": [{...}]`), and keys that a document
 * repeats (`"resource"` twice declares both sets), as `json-reader.ts` keeps them.
 */
import { awsProviderOfConfiguration } from "./aws-provider";
import { PolicyInputError } from "./errors";
import { evaluateValue, instancesOf, scopeOf, type Scope } from "./hcl/evaluate";
import { entriesOf, repeatedKeys } from "./json-reader";
import { asBlockList, asObject, detectFormat, firstBlock, isObject, LoadOptions, resolveTier, stringRecord, toVariable } from "./load-common";
import { metadataFields, readStackMetadata } from "./metadata";
import { createStackModel, StackModel, TfOutput, TfResource } from "./model";
import { loadPlan, loadState } from "./plan-loader";

export { loadPlan, loadState, UNKNOWN_AFTER_APPLY } from "./plan-loader";
export { detectFormat, type LoadOptions, type TerraformJsonFormat } from "./load-common";

/** Loads any of the three formats, after detecting which one `json` is. */
export function loadTerraform(json: unknown, options: LoadOptions): StackModel {
  const where = options.file ?? options.stackName;
  const format = detectFormat(json, where);
  return format === "plan" ? loadPlan(json, options) : format === "state" ? loadState(json, options) : loadTerraformJson(json, options);
}

/**
 * Loads Terraform configuration JSON: `resource` → type → name → attributes,
 * `data` the same (kept, never evaluated), `provider.aws` blocks, `variable`
 * and `output` blocks.
 */
export function loadTerraformJson(json: unknown, options: LoadOptions): StackModel {
  const where = options.file ?? options.stackName;
  if (detectFormat(json, where) !== "configuration") {
    throw new PolicyInputError(`${where}: this is a plan or a state (it has "format_version"); load it with loadTerraform.`);
  }
  const sections = new Map<string, unknown[]>();
  for (const [key, value] of entriesOf(json)) {
    const list = sections.get(key);
    if (list) list.push(value);
    else sections.set(key, [value]);
  }
  const section = (key: string) => sections.get(key) ?? [];
  // What Terraform computes from literals alone (interpolated literals, functions, locals, variables' defaults, dynamic blocks) is judged as the literal.
  const variables = namedBlocks(section("variable")).map(([name, body]) => toVariable(name, body));
  const written = labelledBlocks(section("resource"), options.stackName, "", where);
  const scope = scopeOf(
    variables.map((v) => [v.name, v] as const),
    objectsOf(section("locals")).flatMap((block) => entriesOf(block)),
  );
  const evaluated = (r: TfResource, within: Scope = scope): TfResource => {
    const attributes = evaluateValue(r.attributes, within) as Record<string, unknown>;
    return attributes === r.attributes ? r : { ...r, attributes };
  };
  const resources = written.flatMap((r) => expandInstances(r, scope, evaluated));
  const dataSources = labelledBlocks(section("data"), options.stackName, "data.", where).map((r) => evaluated(r));
  const providers = section("provider").map((p) => evaluateValue(p, scope));
  const defaultTags = providerDefaultTags(providers);
  const outputs = namedBlocks(section("output")).map(([name, body]): TfOutput => ({ name, value: evaluateValue(body.value, scope), sensitive: body.sensitive === true }));
  const moduleCalls = namedBlocks(section("module")).map(([name]) => name);
  const metadata = options.metadata ?? readStackMetadata(json as Record<string, unknown>, where);
  return createStackModel({
    ...metadataFields(metadata, options.stackName),
    name: options.stackName,
    tier: resolveTier(options, defaultTags, where, resources),
    defaultTags,
    awsProvider: awsProviderOfConfiguration(section("terraform"), providers),
    resources,
    dataSources,
    variables,
    outputs,
    unreadModules: moduleCalls,
    now: options.now,
    source: "configuration",
    file: options.file,
  });
}

/** The objects of a block section written as an object or as an array of objects. */
function objectsOf(values: readonly unknown[]): Record<string, unknown>[] {
  return values.flatMap((value) => (Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : []));
}

/** `name → body` pairs of blocks with one label (variable, output, module), every form and repeat included. */
function namedBlocks(values: readonly unknown[]): [string, Record<string, unknown>][] {
  return objectsOf(values).flatMap((block) => entriesOf(block).map(([name, body]): [string, Record<string, unknown>] => [name, firstBlock(body)]));
}

/** Resources or data sources: `type → name → body`, with arrays and repeated keys at every level. */
function labelledBlocks(values: readonly unknown[], stack: string, addressPrefix: string, where: string): TfResource[] {
  const out: TfResource[] = [];
  for (const byType of objectsOf(values)) {
    for (const [type, byNameValue] of entriesOf(byType)) {
      for (const byName of objectsOf([byNameValue])) {
        for (const [name, bodyValue] of entriesOf(byName)) {
          const body = firstBlock(bodyValue);
          const repeated = repeatedKeysDeep(body);
          if (repeated.length > 0) {
            throw new PolicyInputError(`${where}: ${addressPrefix}${type}.${name} sets ${repeated.map((k) => `"${k}"`).join(", ")} more than once; Terraform refuses a duplicate argument. Keep one.`);
          }
          const { "//": meta, ...attributes } = body;
          const constructPath = asObject(asObject(meta).metadata).path;
          out.push({ type, name, address: `${addressPrefix}${type}.${name}`, attributes, stack, ...(typeof constructPath === "string" ? { constructPath } : {}) });
        }
      }
    }
  }
  return out;
}

/** Arguments that tell one instance from another. */
const INSTANCE_REFERENCE = /\$\{[^}]*\b(count\.index|each\.(key|value))\b/;

/**
 * A resource whose arguments differ by instance (`count.index`, `each.value`),
 * over a collection Terraform knows from literals, is judged instance by
 * instance, addressed as Terraform addresses them (`web[0]`, `web["a"]`). One
 * whose instances are alike, or whose collection only apply knows, is judged once.
 */
function expandInstances(r: TfResource, scope: Scope, evaluated: (r: TfResource, within: Scope) => TfResource): TfResource[] {
  if ((r.attributes.count === undefined && r.attributes.for_each === undefined) || !INSTANCE_REFERENCE.test(JSON.stringify(r.attributes))) return [evaluated(r, scope)];
  const instances = instancesOf(r.attributes, scope);
  if (!instances || instances.length === 0) return [evaluated(r, scope)];
  return instances.map(({ key, scope: within }) => {
    const index = typeof key === "number" ? `[${key}]` : `[${JSON.stringify(key)}]`;
    const one = evaluated(r, within);
    return { ...one, name: `${r.name}${index}`, address: `${r.address}${index}` };
  });
}

/** Keys repeated anywhere inside a resource body (iterative: the reader bounds the depth, this does not recurse). */
function repeatedKeysDeep(body: Record<string, unknown>): string[] {
  const found: string[] = [];
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) pending.push(...value);
    else if (isObject(value)) {
      found.push(...repeatedKeys(value));
      pending.push(...Object.values(value));
    }
  }
  return found;
}

function providerDefaultTags(values: readonly unknown[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const providers of objectsOf(values)) {
    for (const [name, blocks] of entriesOf(providers)) {
      if (name !== "aws") continue;
      for (const block of asBlockList(blocks)) {
        for (const defaults of asBlockList(block.default_tags)) Object.assign(tags, stringRecord(defaults.tags));
      }
    }
  }
  return tags;
}
