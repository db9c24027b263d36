/**
 * Loading `terraform show -json` output: plans (planned values of the root and
 * child modules, with configuration references rewritten to `${type.name.attr}`
 * strings so that rules see what they see in configuration JSON) and states
 * (the values of deployed resources).
 */
import { awsProviderOfPlan } from "./aws-provider";
import { PolicyInputError } from "./errors";
import { asArray, asObject, detectFormat, isObject, LoadOptions, resolveTier, stringRecord, toVariable } from "./load-common";
import { metadataFields } from "./metadata";
import { createStackModel, StackModel, TfOutput, TfResource, UNKNOWN_AFTER_APPLY } from "./model";

/** A placeholder for plan values Terraform knows only after apply; rules report it as unresolved. */
export { UNKNOWN_AFTER_APPLY };

const NON_RESOURCE_ROOTS = new Set(["var", "local", "each", "count", "path", "self", "terraform"]);

/**
 * Loads `terraform show -json` output: planned values of the root and every
 * child module, with configuration references rewritten to `${type.name.attr}`
 * strings so that rules see what they see in configuration JSON.
 */
export function loadPlan(json: unknown, options: LoadOptions): StackModel {
  const where = options.file ?? options.stackName;
  if (detectFormat(json, where) !== "plan") {
    throw new PolicyInputError(`${where}: this is not a plan from \`terraform show -json <planfile>\`; load it with loadTerraform.`);
  }
  const plan = json as Record<string, unknown>;
  const configuration = asObject(plan.configuration);
  const expressions = new Map<string, Record<string, unknown>>();
  collectExpressions(asObject(configuration.root_module), "", expressions);
  const unknowns = new Map<string, unknown>();
  for (const change of asArray(plan.resource_changes)) {
    const c = asObject(change);
    if (typeof c.address === "string") unknowns.set(c.address, asObject(c.change).after_unknown);
  }
  const resources: TfResource[] = [];
  const dataSources: TfResource[] = [];
  const seen = new Set<string>();
  const visit = (planned: Record<string, unknown>) => {
    const address = String(planned.address);
    if (seen.has(address)) return;
    seen.add(address);
    const prefix = prefixOf(address, planned);
    const typePrefix = `${planned.mode === "data" ? "data." : ""}${planned.type}.`;
    const values = markUnknown({ ...asObject(planned.values) }, unknowns.get(address));
    const expr = expressions.get(stripIndexes(address));
    const attributes = expr ? (overlayReferences(values, expr, prefix) as Record<string, unknown>) : (values as Record<string, unknown>);
    const resource: TfResource = {
      type: String(planned.type),
      name: address.slice(prefix.length + typePrefix.length),
      address,
      attributes,
      stack: options.stackName,
    };
    (planned.mode === "data" ? dataSources : resources).push(resource);
  };
  visitPlannedModules(asObject(asObject(plan.planned_values).root_module), visit);
  // Data sources read while planning (policy documents, caller identity) appear only in prior_state.
  visitPlannedModules(asObject(asObject(asObject(plan.prior_state).values).root_module), (r) => r.mode === "data" && visit(r));
  const defaultTags = { ...planDefaultTags(configuration), ...commonInheritedTags(resources) };
  const variables = Object.entries(asObject(asObject(configuration.root_module).variables)).map(([name, body]) => toVariable(name, asObject(body)));
  return createStackModel({
    ...metadataFields(options.metadata, options.stackName),
    name: options.stackName,
    tier: resolveTier(options, defaultTags, where, resources),
    defaultTags,
    awsProvider: awsProviderOfPlan(configuration),
    resources,
    dataSources,
    variables,
    outputs: outputsOf(asObject(plan.planned_values).outputs),
    now: options.now,
    source: "plan",
    file: options.file,
  });
}

/**
 * Loads the `terraform show -json` output of a state: the values of deployed
 * resources of the root and every child module (no references: a state holds values).
 */
export function loadState(json: unknown, options: LoadOptions): StackModel {
  const where = options.file ?? options.stackName;
  if (detectFormat(json, where) !== "state") throw new PolicyInputError(`${where}: this is not the \`terraform show -json\` output of a state; load it with loadTerraform.`);
  const values = asObject((json as Record<string, unknown>).values);
  const resources: TfResource[] = [];
  const dataSources: TfResource[] = [];
  visitPlannedModules(asObject(values.root_module), (r) => {
    const address = String(r.address);
    const prefix = prefixOf(address, r);
    const resource: TfResource = { type: String(r.type), name: address.slice(prefix.length + `${r.mode === "data" ? "data." : ""}${r.type}.`.length), address, attributes: { ...asObject(r.values) }, stack: options.stackName };
    (r.mode === "data" ? dataSources : resources).push(resource);
  });
  const defaultTags = commonInheritedTags(resources);
  return createStackModel({
    ...metadataFields(options.metadata, options.stackName),
    name: options.stackName,
    tier: resolveTier(options, defaultTags, where, resources),
    defaultTags,
    resources,
    dataSources,
    outputs: outputsOf(values.outputs),
    now: options.now,
    source: "state",
    file: options.file,
  });
}

function outputsOf(outputs: unknown): TfOutput[] {
  return Object.entries(asObject(outputs)).map(([name, body]) => ({ name, value: asObject(body).value, sensitive: asObject(body).sensitive === true }));
}

function planDefaultTags(configuration: Record<string, unknown>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, provider] of Object.entries(asObject(configuration.provider_config))) {
    if (key !== "aws" && !key.startsWith("aws.")) continue;
    for (const defaults of asArray(asObject(asObject(provider).expressions).default_tags)) {
      Object.assign(tags, stringRecord(asObject(asObject(defaults).tags).constant_value));
    }
  }
  return tags;
}

/** Tags that every resource with `tags_all` has beyond its own `tags`: the provider's default tags. */
function commonInheritedTags(resources: readonly TfResource[]): Record<string, string> {
  let common: Record<string, string> | undefined;
  for (const resource of resources) {
    const all = resource.attributes.tags_all;
    if (!isObject(all)) continue;
    const own = asObject(resource.attributes.tags);
    const inherited = Object.fromEntries(Object.entries(stringRecord(all)).filter(([k]) => !(k in own)));
    common = common === undefined ? inherited : Object.fromEntries(Object.entries(common).filter(([k, v]) => inherited[k] === v));
  }
  return common ?? {};
}

function collectExpressions(module: Record<string, unknown>, prefix: string, out: Map<string, Record<string, unknown>>): void {
  for (const resource of asArray(module.resources)) {
    const r = asObject(resource);
    if (typeof r.address === "string") out.set(prefix + r.address, asObject(r.expressions));
  }
  for (const [name, call] of Object.entries(asObject(module.module_calls))) {
    collectExpressions(asObject(asObject(call).module), `${prefix}module.${name}.`, out);
  }
}

function visitPlannedModules(module: Record<string, unknown>, visit: (resource: Record<string, unknown>) => void): void {
  for (const resource of asArray(module.resources)) visit(asObject(resource));
  for (const child of asArray(module.child_modules)) visitPlannedModules(asObject(child), visit);
}

/** The module path of a planned resource, as references inside that module must be prefixed. */
function prefixOf(address: string, planned: Record<string, unknown>): string {
  const tail = `${planned.mode === "data" ? "data." : ""}${planned.type}.${planned.name}`;
  const at = address.lastIndexOf(tail);
  return at > 0 ? address.slice(0, at) : "";
}

function stripIndexes(address: string): string {
  return address.replace(/\[[^\]]*\]/g, "");
}

function markUnknown(values: unknown, unknown: unknown): unknown {
  if (unknown === true) return values === undefined || values === null ? UNKNOWN_AFTER_APPLY : values;
  if (Array.isArray(unknown)) {
    const list = Array.isArray(values) ? [...values] : [];
    unknown.forEach((u, i) => (list[i] = markUnknown(list[i], u)));
    return Array.isArray(values) || list.length > 0 ? list : values;
  }
  if (isObject(unknown)) {
    const out: Record<string, unknown> = isObject(values) ? { ...values } : {};
    for (const [key, u] of Object.entries(unknown)) {
      const marked = markUnknown(out[key], u);
      if (marked !== undefined) out[key] = marked;
    }
    return out;
  }
  return values;
}

/** Replaces planned values with `${ref}` strings wherever the configuration expression refers to a resource. */
function overlayReferences(planned: unknown, expression: unknown, modulePrefix: string): unknown {
  if (Array.isArray(expression)) {
    const list = Array.isArray(planned) ? [...planned] : [];
    expression.forEach((e, i) => (list[i] = overlayReferences(list[i], e, modulePrefix)));
    return list;
  }
  if (!isObject(expression)) return planned;
  if ("references" in expression || "constant_value" in expression) {
    const references = asArray(expression.references).filter((r): r is string => typeof r === "string");
    if (references.length === 0) return planned;
    // Known values stay when they come from variables, locals or data sources (a rendered policy JSON);
    // references to managed resources are kept as references, so that cross-resource rules can link them.
    const toManaged = references.some((r) => !NON_RESOURCE_ROOTS.has(r.split(".")[0]) && r.split(".")[0] !== "data");
    if (!toManaged && planned !== undefined && planned !== UNKNOWN_AFTER_APPLY) return planned;
    return referenceString(references, modulePrefix);
  }
  const out: Record<string, unknown> = isObject(planned) ? { ...planned } : {};
  for (const [key, e] of Object.entries(expression)) {
    const value = overlayReferences(out[key], e, modulePrefix);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function referenceString(references: readonly string[], modulePrefix: string): string {
  const distinct = references.filter((r) => !references.some((other) => other !== r && other.startsWith(`${r}.`)));
  return distinct
    .map((r) => (NON_RESOURCE_ROOTS.has(r.split(".")[0]) ? `\${${r}}` : `\${${modulePrefix}${r}}`))
    .join(" ");
}
