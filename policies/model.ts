/**
 * The resource model policy rules read: Terraform resources as plain JSON and
 * the stack around them. Nothing here knows cdktf; a model is built from a
 * synthesized `cdk.tf.json`, a hand-written `*.tf.json` or a plan (see loaders.ts).
 */
import type { BaselineControl, Tier } from "../lib/core/profile";
import type { UsageAssumptions } from "../lib/core/usage";
import type { Waiver } from "./waiver-match";

/** A control the environment weakens on purpose, as recorded in the stack. */
export interface DeclaredWeakening {
  /** The override, as a path under `overrides` (`lifecycle.backupRetentionDays`). */
  readonly field: BaselineControl;
  /** The overriding value. */
  readonly value: unknown;
  /** What the tier keeps instead, e.g. `backupRetentionDays of at least 7`. */
  readonly baseline: string;
}

/** The AWS provider of a stack, as far as its JSON says (read by aws-provider.ts). */
export interface AwsProviderFacts {
  /** The major version the required version allows, when it allows one only (`6.66.0`, `~> 6.0`, `>= 6.0, < 7.0`). */
  readonly major?: number;
  /** The default (unaliased) provider block's region, when it is a literal. */
  readonly region?: string;
}

/** One Terraform resource, as its JSON attributes. */
export interface TfResource {
  /** Resource type, e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** Resource name, e.g. `logs_1A2B3C4D`; for counted plan resources it includes the index (`b[0]`). */
  readonly name: string;
  /** `<type>.<name>`, prefixed by `module.<m>.` for resources of child modules in a plan. */
  readonly address: string;
  /** Attributes as Terraform JSON: nested blocks are arrays of objects, references are `${type.name.attr}` strings. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** cdktf construct path, from the resource's `"//".metadata.path`, when present. */
  readonly constructPath?: string;
  /** Name of the stack the resource belongs to. */
  readonly stack: string;
}

/** A Terraform input variable, kept so that rules can check defaults for plaintext secrets. */
export interface TfVariable {
  /** Variable name. */
  readonly name: string;
  /** The variable's default, when it has one. */
  readonly default?: unknown;
  /** Whether the variable is declared `sensitive`. */
  readonly sensitive: boolean;
}

/** A Terraform output, kept so that rules can check it for plaintext secrets. */
export interface TfOutput {
  /** Output name. */
  readonly name: string;
  /** The output's value (an expression string in configuration, the value in a plan or state). */
  readonly value: unknown;
  /** Whether the output is declared `sensitive`. */
  readonly sensitive: boolean;
}

/** Where a stack model came from. */
export type ModelSource = "configuration" | "plan" | "state";

/** A stack as rules see it: its tier, default tags and resources, with indexes built once. */
export interface StackModel {
  /** Stack name (a cdktf stack, or the name given when loading a file). */
  readonly name: string;
  /** Tier the stack's rules are evaluated for. */
  readonly tier: Tier;
  /** Tags every taggable AWS resource receives from the provider's `default_tags`. */
  readonly defaultTags: Readonly<Record<string, string>>;
  /** The AWS provider's major version and region, as far as the JSON says (`{}` when it says nothing). */
  readonly awsProvider: AwsProviderFacts;
  /** Managed resources (data sources excluded). */
  readonly resources: readonly TfResource[];
  /** Data sources, kept for rules that need them; never evaluated themselves. */
  readonly dataSources: readonly TfResource[];
  /** Terraform input variables declared by the configuration. */
  readonly variables: readonly TfVariable[];
  /** Terraform outputs. */
  readonly outputs: readonly TfOutput[];
  /** Module calls of a configuration, whose resources live in other files and were not read (a plan has them). */
  readonly unreadModules: readonly string[];
  /** The clock: rules compare dates against this, never against the system time. */
  readonly now: Date;
  /** Whether the model was loaded from configuration JSON or from a plan. */
  readonly source: ModelSource;
  /** File the stack was read from, relative to the working directory, when known. */
  readonly file?: string;
  /** The environment the stack belongs to, from the library's stack metadata, when known. */
  readonly environment?: string;
  /** Controls the environment weakens on purpose (stack metadata); findings of their rules name the override. */
  readonly weakenedControls: readonly DeclaredWeakening[];
  /** Waivers recorded in the stack itself (construct waivers from the synth). */
  readonly waivers: readonly Waiver[];
  /** Set when the environment is being retired on purpose (stack metadata). */
  readonly decommission?: { readonly approvedBy: string; readonly reason: string };
  /** What the environment is assumed to use each month (stack metadata); absent for stacks that are not an environment's. */
  readonly usage?: UsageAssumptions;
  /**
   * Resources of one type (an index lookup). Pseudo-types yield what is not a
   * resource: `variable` (`var.<name>`), `output` (`output.<name>`) and
   * `provider` (`provider.aws`, its default tags).
   */
  resourcesOfType(type: string): readonly TfResource[];
  /** Provider default tags merged with the resource's own `tags` (and a plan's `tags_all`); the resource wins. Computed once per resource. */
  effectiveTags(resource: TfResource): Readonly<Record<string, unknown>>;
  /** True when `value`, or any string nested in it, holds a Terraform reference to `resource`. */
  refersTo(value: unknown, resource: TfResource): boolean;
  /** Resources that refer to `target` anywhere in their attributes, optionally only of one type. */
  referrersOf(target: TfResource, type?: string): readonly TfResource[];
  /**
   * The resources of this stack a reference string names (`${aws_ebs_volume.data.id}`
   * names `aws_ebs_volume.data`), optionally only of one type; empty for a
   * literal, a variable, or a resource the stack does not hold.
   */
  referencedResources(value: unknown, type?: string): readonly TfResource[];
  /** Resources of `type` whose attribute `attribute` is the literal string `value`. */
  withAttributeValue(type: string, attribute: string, value: string): readonly TfResource[];
  /** Whether AWS would put tags on this resource (it has `tags`/`tags_all`, or is a taggable AWS type). */
  isTaggable(resource: TfResource): boolean;
}

/** What a loader gathered before the model is indexed. */
export interface StackModelInit {
  readonly name: string;
  readonly tier: Tier;
  readonly defaultTags: Readonly<Record<string, string>>;
  readonly awsProvider?: AwsProviderFacts;
  readonly resources: readonly TfResource[];
  readonly dataSources?: readonly TfResource[];
  readonly variables?: readonly TfVariable[];
  readonly outputs?: readonly TfOutput[];
  readonly unreadModules?: readonly string[];
  readonly now: Date;
  readonly source: ModelSource;
  readonly file?: string;
  readonly environment?: string;
  readonly weakenedControls?: readonly DeclaredWeakening[];
  readonly waivers?: readonly Waiver[];
  readonly decommission?: { readonly approvedBy: string; readonly reason: string };
  readonly usage?: UsageAssumptions;
}

/** Builds a stack model; indexes by type now, reference and attribute indexes on first use. */
export function createStackModel(init: StackModelInit): StackModel {
  return new IndexedStackModel(init);
}

/** A planned value that is known only after apply (an optional, computed attribute the configuration leaves unset reads this way). */
export const UNKNOWN_AFTER_APPLY = "${(known after apply)}";

/** The reference key of a resource: its address without a trailing instance index. */
export function referenceKey(resource: TfResource): string {
  return resource.address.replace(/\[[^\]]*\]$/, "");
}

/** True when a string is (or contains) a Terraform interpolation `${...}`. */
export function isReference(value: unknown): value is string {
  return typeof value === "string" && value.includes("${");
}

/** Every `type.name` style token referenced inside the interpolations of `text`. */
export function referencedKeys(text: string): string[] {
  const keys: string[] = [];
  for (const interpolation of text.matchAll(INTERPOLATION)) {
    for (const token of interpolation[1].matchAll(REFERENCE_TOKEN)) keys.push(token[0]);
  }
  return keys;
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
const REFERENCE_TOKEN = /(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*(?:data\.)?[A-Za-z][A-Za-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_-]*/g;

class IndexedStackModel implements StackModel {
  readonly name: string;
  readonly tier: Tier;
  readonly defaultTags: Readonly<Record<string, string>>;
  readonly awsProvider: AwsProviderFacts;
  readonly resources: readonly TfResource[];
  readonly dataSources: readonly TfResource[];
  readonly variables: readonly TfVariable[];
  readonly outputs: readonly TfOutput[];
  readonly unreadModules: readonly string[];
  readonly now: Date;
  readonly source: ModelSource;
  readonly file?: string;
  readonly environment?: string;
  readonly weakenedControls: readonly DeclaredWeakening[];
  readonly waivers: readonly Waiver[];
  readonly decommission?: { readonly approvedBy: string; readonly reason: string };
  readonly usage?: UsageAssumptions;
  private readonly byType = new Map<string, TfResource[]>();
  private readonly byKey = new Map<string, TfResource[]>();
  private referrers?: Map<TfResource, TfResource[]>;
  private readonly tagCache = new WeakMap<TfResource, Readonly<Record<string, unknown>>>();
  private readonly attributeIndexes = new Map<string, Map<string, TfResource[]>>();

  constructor(init: StackModelInit) {
    this.name = init.name;
    this.tier = init.tier;
    this.defaultTags = init.defaultTags;
    this.awsProvider = init.awsProvider ?? {};
    this.resources = init.resources;
    this.dataSources = init.dataSources ?? [];
    this.variables = init.variables ?? [];
    this.outputs = init.outputs ?? [];
    this.unreadModules = init.unreadModules ?? [];
    this.now = init.now;
    this.source = init.source;
    this.file = init.file;
    this.environment = init.environment;
    this.weakenedControls = init.weakenedControls ?? [];
    this.waivers = init.waivers ?? [];
    this.decommission = init.decommission;
    this.usage = init.usage;
    for (const resource of this.resources) {
      push(this.byType, resource.type, resource);
      push(this.byKey, referenceKey(resource), resource);
    }
    const variableResources = this.variables.map((v) => variableResource(v, init.name));
    if (variableResources.length > 0) this.byType.set("variable", variableResources);
    const outputResources = this.outputs.map((o): TfResource => ({ type: "output", name: o.name, address: `output.${o.name}`, attributes: { value: o.value, sensitive: o.sensitive }, stack: init.name }));
    if (outputResources.length > 0) this.byType.set("output", outputResources);
    if (Object.keys(this.defaultTags).length > 0) {
      this.byType.set("provider", [{ type: "provider", name: "aws", address: "provider.aws", attributes: { default_tags: { ...this.defaultTags } }, stack: init.name }]);
    }
  }

  resourcesOfType(type: string): readonly TfResource[] {
    return this.byType.get(type) ?? [];
  }

  effectiveTags(resource: TfResource): Readonly<Record<string, unknown>> {
    let tags = this.tagCache.get(resource);
    if (!tags) this.tagCache.set(resource, (tags = Object.freeze({ ...this.defaultTags, ...asRecord(resource.attributes.tags_all), ...asRecord(resource.attributes.tags) })));
    return tags;
  }

  refersTo(value: unknown, resource: TfResource): boolean {
    const key = referenceKey(resource);
    return someString(value, (text) => text.includes("${") && referencedKeys(text).includes(key));
  }

  referrersOf(target: TfResource, type?: string): readonly TfResource[] {
    const all = this.referrerIndex().get(target) ?? [];
    return type === undefined ? all : all.filter((r) => r.type === type);
  }

  referencedResources(value: unknown, type?: string): readonly TfResource[] {
    if (typeof value !== "string" || !value.includes("${")) return [];
    const found = new Set<TfResource>();
    for (const key of referencedKeys(value)) for (const target of this.byKey.get(key) ?? []) if (type === undefined || target.type === type) found.add(target);
    return [...found];
  }

  withAttributeValue(type: string, attribute: string, value: string): readonly TfResource[] {
    const indexKey = `${type}\u0000${attribute}`;
    let index = this.attributeIndexes.get(indexKey);
    if (!index) {
      index = new Map();
      for (const resource of this.resourcesOfType(type)) {
        const v = resource.attributes[attribute];
        if (typeof v === "string") push(index, v, resource);
      }
      this.attributeIndexes.set(indexKey, index);
    }
    return index.get(value) ?? [];
  }

  isTaggable(resource: TfResource): boolean {
    if ("tags_all" in resource.attributes) return true;
    if (this.source === "plan") return false;
    if ("tags" in resource.attributes) return true;
    return resource.type.startsWith("aws_") && !NON_TAGGABLE_AWS_TYPES.has(resource.type);
  }

  private referrerIndex(): Map<TfResource, TfResource[]> {
    if (this.referrers) return this.referrers;
    const index = new Map<TfResource, TfResource[]>();
    for (const resource of this.resources) {
      const targets = new Set<TfResource>();
      someString(resource.attributes, (text) => {
        if (!text.includes("${")) return false;
        for (const key of referencedKeys(text)) {
          for (const target of this.byKey.get(key) ?? []) if (target !== resource) targets.add(target);
        }
        return false;
      });
      for (const target of targets) push(index, target, resource);
    }
    this.referrers = index;
    return index;
  }
}

/** Calls `predicate` on every string nested in `value` until it returns true. */
export function someString(value: unknown, predicate: (text: string) => boolean): boolean {
  if (typeof value === "string") return predicate(value);
  if (Array.isArray(value)) return value.some((item) => someString(item, predicate));
  if (value !== null && typeof value === "object") {
    return Object.values(value as Record<string, unknown>).some((item) => someString(item, predicate));
  }
  return false;
}

function variableResource(variable: TfVariable, stack: string): TfResource {
  const attributes: Record<string, unknown> = { sensitive: variable.sensitive };
  if (variable.default !== undefined) attributes.default = variable.default;
  return { type: "variable", name: variable.name, address: `var.${variable.name}`, attributes, stack };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * AWS resource types that take no tags: configuration sub-resources and
 * attachments. Anything else of the AWS provider is assumed taggable when read
 * from configuration JSON (plans say exactly, through `tags_all`).
 */
const NON_TAGGABLE_AWS_TYPES: ReadonlySet<string> = new Set([
  "aws_s3_bucket_acl",
  "aws_s3_bucket_versioning",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_logging",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_cors_configuration",
  "aws_s3_bucket_website_configuration",
  "aws_s3_bucket_notification",
  "aws_s3_bucket_replication_configuration",
  "aws_s3_account_public_access_block",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_iam_user_policy",
  "aws_iam_user_policy_attachment",
  "aws_iam_group",
  "aws_iam_group_policy",
  "aws_iam_group_policy_attachment",
  "aws_iam_group_membership",
  "aws_iam_policy_attachment",
  "aws_iam_access_key",
  "aws_security_group_rule",
  "aws_route",
  "aws_route_table_association",
  "aws_main_route_table_association",
  "aws_vpc_endpoint_route_table_association",
  "aws_network_acl_rule",
  "aws_kms_alias",
  "aws_cloudwatch_log_stream",
  "aws_cloudwatch_log_metric_filter",
  "aws_cloudwatch_log_subscription_filter",
  "aws_lambda_permission",
  "aws_lb_target_group_attachment",
  "aws_sns_topic_subscription",
  "aws_sns_topic_policy",
  "aws_sqs_queue_policy",
  "aws_volume_attachment",
  "aws_eip_association",
  "aws_ecr_lifecycle_policy",
  "aws_ecr_repository_policy",
  "aws_secretsmanager_secret_version",
  "aws_ssm_parameter_version",
  "aws_ebs_encryption_by_default",
  "aws_ebs_default_kms_key",
  "aws_iam_account_password_policy",
  "aws_route53_record",
  "aws_autoscaling_attachment",
  "aws_network_interface_attachment",
  "aws_internet_gateway_attachment",
]);
