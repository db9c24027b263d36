import type { z } from "zod/v3";
import { cidrsOverlap, parseCidr, type Cidr } from "../core/cidr";
import { latestExpiry, ttlProblem } from "../core/lifecycle";
import { isTier, tierProfile } from "../core/tiers";
import type { TierProfile } from "../core/profile";
import { MANAGED_BY, TAG_KEYS } from "../core/tags";
import { addHours, formatUtc, parseUtcInstant } from "../core/time";
import { TIER_USAGE } from "../core/usage";
import { EnvironmentSpecError, type SpecProblem } from "./errors";
import { environmentSpecSchema, orgDefaultsSchema } from "./schema";
import type { EnvironmentSpec, EphemeralLifecycle, OrgDefaults, ResolvedEnvironment, ResolvedLifecycle } from "./types";
import { BUILT_IN_TEMPLATE_REQUIREMENTS, resolveKubernetes, type TemplateRequirements } from "./kubernetes";
import { weakenedControls } from "./weakening";
import { PARITY_ADVICE, parityFindings } from "./parity";
import { credentialFindings } from "../core/credentials";

const ORG = "(organization)";
const MIN_VPC_PREFIX = 16;
const MAX_VPC_PREFIX = 24;
const RESERVED_TAG_KEYS: readonly string[] = Object.values(TAG_KEYS);

/**
 * An ephemeral lifecycle that expires `ttlHours` after `createdAt`. The
 * expiry is computed at resolution from the recorded creation time, never
 * from the clock, so that synthesizing again gives the same result; a bad
 * value is reported there with the environment and field.
 */
export function ephemeral(createdAt: string, ttlHours: number): EphemeralLifecycle {
  return { kind: "ephemeral", createdAt, ttlHours };
}

/** Options of `resolveEnvironments`. */
export interface ResolveOptions {
  /**
   * Recorded renewals, by environment: a renewal recorded for the same
   * creation time replaces the spec's expiry (see `envctl renew`).
   * @default - none
   */
  readonly renewals?: ReadonlyMap<string, { readonly createdAt: string; readonly expiresAt: string; readonly renewedAt?: string }>;
  /**
   * The service templates a spec may name, with what each needs.
   * @default - the built-in templates, web and worker
   */
  readonly serviceTemplates?: ReadonlyMap<string, TemplateRequirements>;
}

/**
 * Resolves every environment as org defaults → tier profile → environment
 * overrides, after validating all of them. Throws one `EnvironmentSpecError`
 * listing every problem in every spec; returns frozen results otherwise.
 * Inputs are checked as untyped values, so JavaScript callers and data read
 * from files get the same clear errors.
 */
export function resolveEnvironments(org: OrgDefaults, specs: readonly EnvironmentSpec[], options: ResolveOptions = {}): ResolvedEnvironment[] {
  const problems: SpecProblem[] = [];
  const orgParse = orgDefaultsSchema.safeParse(org);
  if (!orgParse.success) for (const issue of orgParse.error.issues) reportIssue(issue, (field, message) => problems.push({ environment: ORG, field, message }), "OrgDefaults");
  if (!Array.isArray(specs)) {
    problems.push({ environment: ORG, field: "specs", message: `must be an array of environment specs; found ${describe(specs)}` });
    throw new EnvironmentSpecError(problems);
  }
  const orgDefaults: Partial<OrgDefaults> = orgParse.success ? orgParse.data : validOrgFields(org);

  const resolved: ResolvedEnvironment[] = [];
  const ranges: { name: string; cidr: Cidr; text: string }[] = [];
  const seen = new Map<string, number>();

  specs.forEach((spec: unknown, index) => {
    const raw = (spec !== null && typeof spec === "object" ? spec : {}) as Record<string, unknown>;
    const label = typeof raw.name === "string" && raw.name ? raw.name : `#${index}`;
    const report = (field: string, message: string) => problems.push({ environment: label, field, message });
    const parsed = environmentSpecSchema.safeParse(spec);
    if (!parsed.success) for (const issue of parsed.error.issues) reportIssue(issue, report);

    if (typeof raw.name === "string") {
      if (seen.has(raw.name)) report("name", `duplicates the name of environment #${seen.get(raw.name)}; environment names must be unique`);
      else seen.set(raw.name, index);
    }
    if (typeof raw.cidr === "string") {
      const cidr = checkCidr(raw.cidr, report);
      if (cidr) {
        for (const other of ranges) {
          if (cidrsOverlap(cidr, other.cidr)) report("cidr", `${raw.cidr} overlaps ${other.text} of environment "${other.name}"; give each environment a disjoint range`);
        }
        ranges.push({ name: label, cidr, text: raw.cidr });
      }
    }
    if (!parsed.success) checkUnparsedSpec(raw, orgDefaults, report);
    if (!parsed.success || !isTier(parsed.data.tier)) return;
    // The config is taken from the input as written, over the organization's layers: a key such as "__proto__" is data, not a prototype.
    const layers = [orgDefaults.config?.base, orgDefaults.config?.tiers?.[parsed.data.tier], asRecord(raw.config)];
    const config = Object.assign(Object.create(null), ...layers.flatMap((layer) => Object.entries(layer ?? {}).map(([k, v]) => ({ [k]: v })))) as ConfigInput;
    const env = checkAndResolve({ ...parsed.data, config }, tierProfile(parsed.data.tier), orgDefaults, orgParse.success ? org.organization : "", report, options.renewals?.get(parsed.data.name), options.serviceTemplates ?? BUILT_IN_TEMPLATE_REQUIREMENTS);
    if (env) resolved.push({ ...env, configOwnKeys: Object.keys(asRecord(raw.config)) });
  });
  checkSharedNamespaces(resolved, problems);
  checkConfigParity(resolved, orgDefaults.config?.environmentSpecific ?? [], problems);
  checkStagingParity(resolved, problems);

  if (problems.length > 0) throw new EnvironmentSpecError(problems);
  return resolved.map(deepFreeze);
}

/**
 * The fields of an organization's defaults that are valid on their own: one
 * bad field is reported once, and does not also make every environment
 * report the defaults it no longer inherits.
 */
function validOrgFields(org: unknown): Partial<OrgDefaults> {
  if (org === null || typeof org !== "object" || Array.isArray(org)) return {};
  const shape = orgDefaultsSchema.shape as Record<string, z.ZodTypeAny>;
  return Object.fromEntries(
    Object.entries(org as Record<string, unknown>).flatMap(([key, value]) => {
      const parsed = shape[key]?.safeParse(value);
      return parsed?.success ? [[key, parsed.data]] : [];
    }),
  ) as Partial<OrgDefaults>;
}

/** Resolves a single environment; see `resolveEnvironments`. */
export function resolveEnvironment(org: OrgDefaults, spec: EnvironmentSpec): ResolvedEnvironment {
  return resolveEnvironments(org, [spec])[0];
}

type Report = (field: string, message: string) => void;
type ParsedSpec = z.output<typeof environmentSpecSchema>;

/** Turns a schema issue into problems; an unknown key, usually a typo, is named as the field. */
function reportIssue(issue: z.ZodIssue, report: Report, type = "EnvironmentSpec"): void {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys) report([...path, key].join("."), `is not a known field; check its spelling against ${type}`);
  } else {
    report(path.join(".") || "(root)", issue.message);
  }
}

/** The zones are in the region, distinct, and at least as many as the tier spans. */
function checkZones(zones: readonly string[], region: string | undefined, tier: string, count: number, report: Report): void {
  if (region) zones.filter((z) => !z.startsWith(region) || z.length !== region.length + 1).forEach((z) => report("availabilityZones", `zone "${z}" is not in region ${region}`));
  if (new Set(zones).size !== zones.length) report("availabilityZones", "lists a zone more than once");
  if (zones.length < count) report("availabilityZones", `lists ${zones.length} zone(s) but tier ${tier} spans ${count}; list at least ${count}`);
}

/**
 * The checks of fields that do not depend on the rest of a spec, run when the
 * schema refused some other field, so that every problem is listed at once:
 * zones against the region and tier, and the account that staging and prod require.
 */
function checkUnparsedSpec(raw: Record<string, unknown>, org: Partial<OrgDefaults>, report: Report): void {
  if (typeof raw.tier !== "string" || !isTier(raw.tier)) return;
  const tier = raw.tier;
  if (raw.account === undefined && (tier === "prod" || tier === "staging")) report("account", `is required on ${tier}: Terraform must refuse to run against any other AWS account`);
  const zones = raw.availabilityZones;
  if (!Array.isArray(zones) || !zones.every((z) => typeof z === "string")) return;
  const region = typeof raw.region === "string" ? raw.region : raw.region === undefined ? org.region : undefined;
  const sizing = asRecord(asRecord(raw.overrides).sizing);
  const count = typeof sizing.availabilityZones === "number" ? sizing.availabilityZones : tierProfile(tier).sizing.availabilityZones;
  checkZones(zones as string[], region, tier, count, report);
}

function checkCidr(text: string, report: Report): Cidr | undefined {
  const cidr = parseCidr(text);
  if (typeof cidr === "string") {
    report("cidr", `${cidr}; use a range such as 10.10.0.0/16`);
    return undefined;
  }
  if (cidr.prefix < MIN_VPC_PREFIX || cidr.prefix > MAX_VPC_PREFIX) {
    report("cidr", `${text} has prefix /${cidr.prefix}; a VPC range must be /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}`);
    return undefined;
  }
  return cidr;
}

type Renewal = NonNullable<ResolveOptions["renewals"]> extends ReadonlyMap<string, infer R> ? R : never;

function checkAndResolve(spec: ParsedSpec, profile: TierProfile, org: Partial<OrgDefaults>, organization: string, report: Report, renewal: Renewal | undefined, templates: ReadonlyMap<string, TemplateRequirements>): ResolvedEnvironment | undefined {
  const tier = profile.tier;
  const overrides = spec.overrides ?? {};
  const sizing = { ...profile.sizing, ...overrides.sizing };
  const security = { ...profile.security, ...overrides.security };
  const retention = {
    backupRetentionDays: profile.lifecycle.backupRetentionDays,
    deletionProtection: profile.lifecycle.deletionProtection,
    logRetentionDays: profile.lifecycle.logRetentionDays,
    kmsDeletionWindowDays: profile.lifecycle.kmsDeletionWindowDays,
    ...overrides.lifecycle,
  };

  const region = spec.region ?? org.region;
  if (!region) report("region", "is required: set it on the environment or as the organization's default region");
  const owner = spec.owner ?? org.owner;
  if (!owner) report("owner", "is required: name the accountable team on the environment or as the organization's default owner");
  const costCentre = spec.costCentre ?? org.costCentre;
  if (!costCentre) report("costCentre", "is required: set it on the environment or as the organization's default cost centre");
  if (!spec.account && (tier === "prod" || tier === "staging")) {
    report("account", `is required on ${tier}: Terraform must refuse to run against any other AWS account`);
  }

  const zones = spec.availabilityZones;
  checkZones(zones, region, tier, sizing.availabilityZones, report);

  const lifecycle = applyRenewal(resolveLifecycle(spec, profile, report), renewal, profile, report);
  checkSizing(sizing, report);
  const userTags = { ...org.tags, ...spec.tags };
  for (const key of Object.keys(spec.tags ?? {})) {
    if (RESERVED_TAG_KEYS.includes(key)) report(`tags.${key}`, `"${key}" is set by the library from the spec; remove it from tags`);
  }
  for (const key of Object.keys(org.tags ?? {})) {
    if (RESERVED_TAG_KEYS.includes(key)) report(`(organization) tags.${key}`, `"${key}" is set by the library from the spec; remove it from the organization's tags`);
  }
  checkCredentials(spec, org, report);
  const weakened = weakenedControls(profile, overrides);
  for (const control of weakened) {
    if (control.exposes) {
      report(`overrides.${control.field}`, `${control.description} exposes the environment to the internet, which no tier allows; ${tier} keeps ${control.baseline}. Remove the override (a single resource can be waived with a reason and an expiry)`);
    } else if (tier === "prod") {
      report(`overrides.${control.field}`, `${control.description} weakens the prod baseline; prod keeps ${control.baseline}. Remove the override`);
    }
  }

  const kubernetes = resolveKubernetes(spec.name, organization, region ?? "", spec.kubernetes, spec.services, { ...profile, sizing, security }, templates, report);

  if (!region || !owner || !costCentre || !lifecycle) return undefined;
  const tags: Record<string, string> = {
    ...userTags,
    [TAG_KEYS.environment]: spec.name,
    [TAG_KEYS.tier]: tier,
    [TAG_KEYS.owner]: owner,
    [TAG_KEYS.costCentre]: costCentre,
    [TAG_KEYS.managedBy]: MANAGED_BY,
    [TAG_KEYS.lifecycle]: lifecycle.kind,
  };
  if (lifecycle.kind === "ephemeral") {
    tags[TAG_KEYS.createdAt] = lifecycle.createdAt;
    if (lifecycle.renewedAt) tags[TAG_KEYS.renewedAt] = lifecycle.renewedAt;
    tags[TAG_KEYS.expiresAt] = lifecycle.expiresAt;
    tags[TAG_KEYS.cloudNukeAfter] = lifecycle.expiresAt;
  }
  return {
    name: spec.name,
    tier,
    organization,
    region,
    availabilityZones: zones.slice(0, sizing.availabilityZones),
    account: spec.account,
    cidr: spec.cidr,
    owner,
    costCentre,
    alertEmails: spec.alertEmails ?? org.alertEmails ?? [],
    ...deployRoleOf(spec.deployRole ?? org.deployRole, spec.account),
    usage: { ...TIER_USAGE[tier], ...spec.usage },
    lifecycle,
    backend: spec.backend ?? org.backend ?? { type: "local" },
    ...renderConfig(spec.config ?? {}),
    configTierKeys: Object.keys(org.config?.tiers?.[tier] ?? {}),
    configOwnKeys: [],
    parityAllowances: (spec.parity?.allow ?? []).map((a) => ({ path: a.path, reason: a.reason })),
    sizing,
    security,
    retention,
    tags,
    weakenedControls: weakened.filter((w) => !w.exposes),
    ...(spec.decommission ? { decommission: { ...spec.decommission } } : {}),
    ...(kubernetes ? { kubernetes } : {}),
  };
}

/** What a spec's config holds before it is published: values, or references to secrets. */
type ConfigInput = Record<string, string | { readonly secret: string }>;

/** The prefix of a published secret reference: `secretsmanager:<name or ARN>`. */
export const SECRET_REFERENCE_PREFIX = "secretsmanager:";

/** Values as published (a secret as its reference), and the secrets referenced, by key. */
function renderConfig(config: ConfigInput): Pick<ResolvedEnvironment, "config" | "secretConfig"> {
  const rendered: Record<string, string> = Object.create(null);
  const secrets: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === "string") rendered[key] = value;
    else {
      rendered[key] = `${SECRET_REFERENCE_PREFIX}${value.secret}`;
      secrets[key] = value.secret;
    }
  }
  return { config: rendered, secretConfig: secrets };
}

/**
 * Every environment has the same config keys, so that a setting added for one
 * is never missing in another; keys named environment-specific are exempt.
 * Each environment missing a key is one problem, naming where it is set.
 */
function checkConfigParity(environments: readonly ResolvedEnvironment[], environmentSpecific: readonly string[], problems: SpecProblem[]): void {
  if (environments.length < 2) return;
  const exempt = new Set(environmentSpecific);
  const holders = new Map<string, string[]>();
  for (const env of environments) for (const key of Object.keys(env.config)) if (!exempt.has(key)) holders.set(key, [...(holders.get(key) ?? []), env.name]);
  for (const [key, names] of holders) {
    if (names.length === environments.length) continue;
    for (const env of environments.filter((e) => !names.includes(e.name))) {
      problems.push({
        environment: env.name,
        field: `config.${key}`,
        message: `is missing here but set in ${names.join(", ")}; set it here, set it once for every environment in the organization's config.base (or config.tiers.${env.tier}), or declare it environment-specific in config.environmentSpecific`,
      });
    }
  }
}

/** Each staging environment rehearses each prod environment (see `parity.ts`); every finding is a problem of the staging environment. */
function checkStagingParity(environments: readonly ResolvedEnvironment[], problems: SpecProblem[]): void {
  const prods = environments.filter((e) => e.tier === "prod");
  for (const staging of environments.filter((e) => e.tier === "staging")) {
    for (const prod of prods) {
      for (const f of parityFindings(staging, prod)) {
        problems.push({ environment: staging.name, field: f.path, message: `[${f.ruleId}] against ${prod.name}: ${f.message}; ${PARITY_ADVICE}` });
      }
    }
  }
}

/** Two environments on one cluster need namespaces of their own. */
function checkSharedNamespaces(environments: readonly ResolvedEnvironment[], problems: SpecProblem[]): void {
  const owners = new Map<string, string>();
  for (const env of environments) {
    if (!env.kubernetes) continue;
    const key = `${env.kubernetes.clusterKey} ${env.kubernetes.namespace}`;
    const other = owners.get(key);
    if (other) problems.push({ environment: env.name, field: "kubernetes.namespace", message: `"${env.kubernetes.namespace}" on cluster ${env.kubernetes.clusterKey} is already the namespace of environment "${other}"; give each environment on a shared cluster its own namespace` });
    else owners.set(key, env.name);
  }
}

/** The resolved lifecycle: an ephemeral one gets its absolute expiry, checked against the tier's TTL. */
function resolveLifecycle(spec: ParsedSpec, profile: TierProfile, report: Report): ResolvedLifecycle | undefined {
  const lifecycle = spec.lifecycle;
  const { persistence, maxTtlHours } = profile.lifecycle;
  if (lifecycle.kind === "persistent") {
    if (persistence === "never") {
      report("lifecycle.kind", `tier ${profile.tier} is always ephemeral; declare { kind: "ephemeral", createdAt, expiresAt } within ${maxTtlHours}h`);
      return undefined;
    }
    return { kind: "persistent", reason: lifecycle.reason };
  }
  if (persistence === "always") {
    report("lifecycle.kind", `tier ${profile.tier} is always persistent and takes no expiry; declare { kind: "persistent", reason }`);
    return undefined;
  }
  const created = parseUtcInstant(lifecycle.createdAt) as Date;
  if ((lifecycle.expiresAt === undefined) === (lifecycle.ttlHours === undefined)) {
    report("lifecycle", "give exactly one of expiresAt (an ISO-8601 UTC instant) and ttlHours (hours after createdAt)");
    return undefined;
  }
  const field = lifecycle.expiresAt !== undefined ? "lifecycle.expiresAt" : "lifecycle.ttlHours";
  const latest = latestExpiry(profile.tier, created) as Date;
  if (lifecycle.ttlHours !== undefined && lifecycle.ttlHours > maxTtlHours) {
    report(field, `${lifecycle.ttlHours}h is more than tier ${profile.tier} allows (at most ${maxTtlHours}h, ${maxTtlHours / 24} days)`);
    return undefined;
  }
  const expires = lifecycle.expiresAt !== undefined ? (parseUtcInstant(lifecycle.expiresAt) as Date) : addHours(created, lifecycle.ttlHours as number);
  const problem = ttlProblem(profile.tier, created, expires);
  if (problem) {
    report(field, `${problem}; the latest allowed expiry is ${formatUtc(latest)}`);
    return undefined;
  }
  return { kind: "ephemeral", createdAt: formatUtc(created), expiresAt: formatUtc(expires) };
}

/** Config values and tags end up in SSM, in tags and in the Terraform state: a credential there is leaked. */
function checkCredentials(spec: ParsedSpec, org: Partial<OrgDefaults>, report: Report): void {
  const advice = 'keep credentials out of the spec (they would sit in the Terraform state and in plain sight): store them in AWS Secrets Manager and reference the secret instead, { secret: "<name or ARN>" }';
  // Every other string of the spec (a service's health command, a name, a path), by its field: config and tags are judged below, with their own advice.
  const visit = (value: unknown, path: string, key: string): void => {
    if (typeof value === "string") {
      // An image's credentials are judged with the image, with advice of their own.
      if (key === "image") return;
      const found = credentialFindings(key, value);
      if (found.length > 0) report(path, `looks like a credential (${found.join(", ")}); ${advice}`);
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`, key));
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k, k);
  };
  const { config: _config, tags: _tags, ...rest } = spec;
  visit(rest, "", "");
  for (const [key, value] of Object.entries(spec.config ?? {})) {
    if (typeof value !== "string") continue;
    const found = credentialFindings(key, value);
    if (found.length > 0) report(`config.${key}`, `looks like a credential (${found.join(", ")}); ${advice}`);
  }
  const tags: [string, Record<string, string> | undefined][] = [["tags", spec.tags], ["(organization) tags", org.tags]];
  for (const [field, map] of tags) {
    for (const [key, value] of Object.entries(map ?? {})) {
      const found = credentialFindings(key, value);
      if (found.length > 0) report(`${field}.${key}`, `looks like a credential (${found.join(", ")}); tags are readable by anyone who can list resources: remove it`);
    }
  }
}

/**
 * A renewal recorded for this creation time replaces the expiry; its time to
 * live counts from the renewal. A record of an earlier creation is stale and ignored.
 */
function applyRenewal(lifecycle: ResolvedLifecycle | undefined, renewal: Renewal | undefined, profile: TierProfile, report: Report): ResolvedLifecycle | undefined {
  if (!lifecycle || lifecycle.kind !== "ephemeral" || !renewal || renewal.createdAt !== lifecycle.createdAt) return lifecycle;
  const expires = parseUtcInstant(renewal.expiresAt);
  const start = parseUtcInstant(renewal.renewedAt ?? renewal.createdAt);
  const problem = expires && start ? ttlProblem(profile.tier, start, expires, renewal.renewedAt ? "renewedAt" : "createdAt") : "is not a valid instant";
  if (problem) {
    report("lifecycle", `the recorded renewal (expiresAt ${renewal.expiresAt}) is not allowed: ${problem}. Renew again with envctl renew, within the tier's maximum`);
    return undefined;
  }
  return { ...lifecycle, expiresAt: renewal.expiresAt, ...(renewal.renewedAt ? { renewedAt: renewal.renewedAt } : {}) };
}

function checkSizing(sizing: TierProfile["sizing"], report: Report): void {
  if (sizing.minReplicas > sizing.maxReplicas) {
    report("overrides.sizing.minReplicas", `${sizing.minReplicas} is above maxReplicas ${sizing.maxReplicas}`);
  }
  if (sizing.dbAllocatedStorageGiB > sizing.dbMaxAllocatedStorageGiB) {
    report("overrides.sizing.dbAllocatedStorageGiB", `${sizing.dbAllocatedStorageGiB} GiB is above the autoscaling ceiling dbMaxAllocatedStorageGiB ${sizing.dbMaxAllocatedStorageGiB} GiB`);
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return value === null ? "null" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    Object.freeze(value);
    for (const child of Object.values(value as object)) if (!Object.isFrozen(child)) deepFreeze(child);
  }
  return value;
}

/** The deploy role with `{account}` filled in; none when there is no template, or it names an account the environment does not have. */
function deployRoleOf(template: string | undefined, account: string | undefined): { deployRole?: string } {
  if (template === undefined) return {};
  if (template.includes("{account}")) return account ? { deployRole: template.replaceAll("{account}", account) } : {};
  return { deployRole: template };
}
