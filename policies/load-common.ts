/** Readers shared by the configuration and plan loaders. */
import { isTier } from "../lib/core/tiers";
import { TIERS } from "../lib/core/profile";
import type { Tier } from "../lib/core/profile";
import type { StackMetadata } from "./metadata";
import { TAG_KEYS } from "../lib/core/tags";
import { PolicyInputError, unknownShowShape, unknownTerraformFormat, unknownTierTag } from "./errors";
import { TfResource, TfVariable } from "./model";

/** The Terraform JSON shapes the policy layer reads: configuration, and `terraform show -json` of a plan or of a state. */
export type TerraformJsonFormat = "configuration" | "plan" | "state";

/** Options of both loaders. */
export interface LoadOptions {
  /** Name of the stack in findings. */
  readonly stackName: string;
  /**
   * Tier to evaluate for.
   * @default - the provider default tag `tier`, else the `tier` label of a Kubernetes namespace, else `prod` (the strictest)
   */
  readonly tier?: Tier;
  /**
   * True when `tier` is what a user asked for (`envctl check --tier`): a stack
   * whose resources record another tier is then refused rather than judged by
   * the other tier's rules. A default (a file judged as prod) is not checked.
   * @default false
   */
  readonly tierRequested?: boolean;
  /** The clock used by time-dependent rules (expiry). */
  readonly now: Date;
  /**
   * File the JSON came from, relative to the working directory; used in messages and reports.
   * @default - none
   */
  readonly file?: string;
  /**
   * The library's metadata of the stack (environment, declared weakenings,
   * construct waivers), for inputs that cannot carry it themselves (plans).
   * @default - read from the configuration JSON's `"//"` key, else none
   */
  readonly metadata?: StackMetadata;
}

/**
 * Says whether `json` is a plan or configuration JSON.
 * @throws PolicyInputError naming `where` when it is neither
 */
export function detectFormat(json: unknown, where = "input"): TerraformJsonFormat {
  if (isObject(json)) {
    if ("format_version" in json) {
      checkFormatVersion(json.format_version, where);
      if ("planned_values" in json) return "plan";
      if ("values" in json && !("resource_changes" in json)) return "state";
      throw unknownShowShape(where, describe(json));
    }
    if (CONFIGURATION_KEYS.some((key) => key in json)) return "configuration";
  }
  throw unknownTerraformFormat(where, describe(json));
}

/** Major versions of `terraform show -json` output this reader knows (Terraform keeps minor versions compatible). */
const KNOWN_FORMAT_MAJORS = ["0", "1"];

function checkFormatVersion(version: unknown, where: string): void {
  const major = typeof version === "string" && /^\d+\.\d+$/.test(version) ? version.split(".")[0] : undefined;
  if (major === undefined || !KNOWN_FORMAT_MAJORS.includes(major)) {
    throw new PolicyInputError(
      `${where}: format_version ${JSON.stringify(version)} is not a version of \`terraform show -json\` output this reader knows (0.x and 1.x); ` +
        "a plan or state in a format it cannot read is refused rather than half-read. Update cdktf-envkit, or produce the file with a Terraform release of the 1.x line.",
    );
  }
}

const CONFIGURATION_KEYS = ["resource", "provider", "terraform", "variable", "data", "output", "locals", "module"];

/** The tier: explicit option, else the `tier` default tag, else a namespace `tier` label, else prod. */
export function resolveTier(options: LoadOptions, defaultTags: Record<string, string>, where: string, resources: readonly TfResource[]): Tier {
  const tagged = defaultTags[TAG_KEYS.tier] ?? namespaceTierLabel(resources);
  if (tagged !== undefined && !isTier(tagged)) throw unknownTierTag(where, tagged, TIERS);
  // The tier a stack records wins: judging a prod stack by dev's rules would pass what prod refuses.
  if (options.tier && options.tierRequested && tagged !== undefined && options.tier !== tagged) {
    throw new PolicyInputError(`${where}: --tier ${options.tier}, but its resources record tier ${tagged} (the provider's default tag or the namespace's label); a stack is judged as the tier it records. Drop --tier, or pass --tier ${tagged}.`);
  }
  return options.tier ?? (tagged as Tier | undefined) ?? "prod";
}

/** Kubernetes stacks have no AWS default tags: their namespaces carry the tier as a label. */
function namespaceTierLabel(resources: readonly TfResource[]): string | undefined {
  for (const resource of resources) {
    if (resource.type !== "kubernetes_namespace" && resource.type !== "kubernetes_namespace_v1") continue;
    const labels = firstBlock(asBlockList(resource.attributes.metadata)[0]).labels;
    const tier = asObject(labels)[TAG_KEYS.tier];
    if (typeof tier === "string") return tier;
  }
  return undefined;
}

/** A variable block as the model keeps it. */
export function toVariable(name: string, body: Record<string, unknown>): TfVariable {
  return { name, sensitive: body.sensitive === true, ...("default" in body ? { default: body.default } : {}) };
}

/** The object of a block written as an object or as an array of objects. */
export function firstBlock(body: unknown): Record<string, unknown> {
  if (Array.isArray(body)) return Object.assign({}, ...body.filter(isObject));
  return asObject(body);
}

/** A block written as an object or an array, as a list of objects. */
export function asBlockList(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The string-valued entries of an object. */
export function stringRecord(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(asObject(value)).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

/** True for a plain (non-array) object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The value if it is a plain object, else an empty one. */
export function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

/** The value if it is an array, else an empty one. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A short description of a JSON value, for error messages. */
export function describe(json: unknown): string {
  if (Array.isArray(json)) return `a JSON array of ${json.length} items`;
  if (isObject(json)) {
    const keys = Object.keys(json);
    return keys.length === 0 ? "an empty JSON object" : `a JSON object with keys ${keys.slice(0, 8).join(", ")}${keys.length > 8 ? ", ..." : ""}`;
  }
  return `a JSON ${json === null ? "null" : typeof json}`;
}
