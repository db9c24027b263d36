import type { z } from "zod/v3";
import { cidrsOverlap, parseCidr, type Cidr } from "../core/cidr";
import { LOG_RETENTION_DAYS } from "../core/aws-limits";
import { MANAGED_BY, TAG_KEYS } from "../core/tags";
import { isTier, tierProfile, type SecurityBaseline, type Tier, type TierProfile } from "../core/tiers";
import { EnvironmentSpecError, type SpecProblem } from "./errors";
import { environmentSpecSchema, orgDefaultsSchema } from "./schema";
import type { EnvironmentSpec, EphemeralLifecycle, OrgDefaults, ResolvedEnvironment } from "./types";
import { weakenedControls } from "./weakening";

const ORG = "(organization)";
const HOUR_MS = 3_600_000;
const MIN_VPC_PREFIX = 16;
const MAX_VPC_PREFIX = 24;
const RESERVED_TAG_KEYS: readonly string[] = Object.values(TAG_KEYS);

/**
 * An ephemeral lifecycle that expires `ttlHours` after `createdAt`. The expiry
 * is computed from the recorded creation time, never from the clock, so that
 * synthesizing again gives the same result.
 */
export function ephemeral(createdAt: string, ttlHours: number): EphemeralLifecycle {
  const created = Date.parse(createdAt);
  if (Number.isNaN(created)) throw new Error(`ephemeral(): createdAt "${createdAt}" is not an ISO-8601 UTC timestamp; pass one such as 2026-11-20T09:00:00Z`);
  return { kind: "ephemeral", createdAt, expiresAt: new Date(created + ttlHours * HOUR_MS).toISOString().replace(".000Z", "Z") };
}

/**
 * Resolves every environment as org defaults → tier profile → environment
 * overrides, after validating all of them. Throws one `EnvironmentSpecError`
 * listing every problem in every spec; returns frozen results otherwise.
 */
export function resolveEnvironments(org: OrgDefaults, specs: readonly EnvironmentSpec[]): ResolvedEnvironment[] {
  const problems: SpecProblem[] = [];
  const orgParse = orgDefaultsSchema.safeParse(org);
  if (!orgParse.success) for (const issue of orgParse.error.issues) reportIssue(issue, (field, message) => problems.push({ environment: ORG, field, message }));

  const resolved: ResolvedEnvironment[] = [];
  const ranges: { name: string; cidr: Cidr; text: string }[] = [];
  const seen = new Map<string, number>();

  specs.forEach((spec, index) => {
    const label = typeof spec?.name === "string" && spec.name ? spec.name : `#${index}`;
    const report = (field: string, message: string) => problems.push({ environment: label, field, message });
    const parsed = environmentSpecSchema.safeParse(spec);
    if (!parsed.success) for (const issue of parsed.error.issues) reportIssue(issue, report);

    if (typeof spec?.name === "string") {
      if (seen.has(spec.name)) report("name", `duplicates the name of environment #${seen.get(spec.name)}; environment names must be unique`);
      else seen.set(spec.name, index);
    }
    if (typeof spec?.cidr === "string") {
      const cidr = checkCidr(spec.cidr, report);
      if (cidr) {
        for (const other of ranges) {
          if (cidrsOverlap(cidr, other.cidr)) report("cidr", `${spec.cidr} overlaps ${other.text} of environment "${other.name}"; give each environment a disjoint range`);
        }
        ranges.push({ name: label, cidr, text: spec.cidr });
      }
    }
    if (!isTier(spec?.tier)) return;
    const env = checkAndResolve(spec, tierProfile(spec.tier), org, report);
    if (env && parsed.success) resolved.push(env);
  });

  if (problems.length > 0) throw new EnvironmentSpecError(problems);
  return resolved.map(deepFreeze);
}

/** Resolves a single environment; see `resolveEnvironments`. */
export function resolveEnvironment(org: OrgDefaults, spec: EnvironmentSpec): ResolvedEnvironment {
  return resolveEnvironments(org, [spec])[0];
}

type Report = (field: string, message: string) => void;

/** Turns a schema issue into problems; an unknown key, usually a typo, is named as the field. */
function reportIssue(issue: z.ZodIssue, report: Report): void {
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys) report([...path, key].join("."), "is not a known field; check its spelling against EnvironmentSpec");
  } else {
    report(path.join(".") || "(root)", issue.message);
  }
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

function checkAndResolve(spec: EnvironmentSpec, profile: TierProfile, org: OrgDefaults, report: Report): ResolvedEnvironment | undefined {
  const tier: Tier = profile.tier;
  const overrides = spec.overrides ?? {};
  const sizing = { ...profile.sizing, ...overrides.sizing };
  const security: SecurityBaseline = { ...profile.security, ...overrides.security };
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

  const zones = Array.isArray(spec.availabilityZones) ? spec.availabilityZones : [];
  if (region) zones.filter((z) => typeof z === "string" && !z.startsWith(region)).forEach((z) => report("availabilityZones", `zone "${z}" is not in region ${region}`));
  if (new Set(zones).size !== zones.length) report("availabilityZones", "lists a zone more than once");
  if (zones.length > 0 && zones.length < sizing.availabilityZones) {
    report("availabilityZones", `lists ${zones.length} zone(s) but tier ${tier} spans ${sizing.availabilityZones}; list at least ${sizing.availabilityZones}`);
  }

  checkLifecycle(spec, profile, report);
  checkSizing(sizing, retention.logRetentionDays, report);
  for (const key of Object.keys(spec.tags ?? {})) {
    if (RESERVED_TAG_KEYS.includes(key)) report(`tags.${key}`, `"${key}" is set by the library from the spec; remove it from tags`);
  }
  const weakened = weakenedControls(profile, overrides);
  if (tier === "prod") {
    for (const control of weakened) {
      report(`overrides.${control.field}`, `${control.description} weakens the prod baseline; prod keeps ${control.baseline}. Remove the override`);
    }
  }

  if (!region || !owner || !costCentre || typeof spec.cidr !== "string") return undefined;
  const lifecycle = spec.lifecycle;
  const tags: Record<string, string> = {
    ...org.tags,
    ...spec.tags,
    [TAG_KEYS.environment]: spec.name,
    [TAG_KEYS.tier]: tier,
    [TAG_KEYS.owner]: owner,
    [TAG_KEYS.costCentre]: costCentre,
    [TAG_KEYS.managedBy]: MANAGED_BY,
    [TAG_KEYS.lifecycle]: lifecycle?.kind,
  };
  if (lifecycle?.kind === "ephemeral") tags[TAG_KEYS.expiresAt] = lifecycle.expiresAt;
  return {
    name: spec.name,
    tier,
    organization: org.organization,
    region,
    availabilityZones: zones.slice(0, sizing.availabilityZones),
    account: spec.account,
    cidr: spec.cidr,
    owner,
    costCentre,
    lifecycle: { ...lifecycle },
    backend: spec.backend ?? org.backend ?? { type: "local" },
    config: { ...spec.config },
    sizing,
    security,
    retention,
    tags,
    weakenedControls: weakened.map((w) => w.field),
  };
}

function checkLifecycle(spec: EnvironmentSpec, profile: TierProfile, report: Report): void {
  const lifecycle = spec.lifecycle;
  const { persistence, maxTtlHours } = profile.lifecycle;
  if (!lifecycle || typeof lifecycle !== "object") return;
  if (lifecycle.kind === "ephemeral") {
    if (persistence === "always") {
      report("lifecycle.expiresAt", `tier ${profile.tier} is always persistent and takes no expiry; declare { kind: "persistent", reason }`);
      return;
    }
    const created = Date.parse(lifecycle.createdAt);
    const expires = Date.parse(lifecycle.expiresAt);
    if (Number.isNaN(created) || Number.isNaN(expires)) return;
    if (expires <= created) report("lifecycle.expiresAt", `${lifecycle.expiresAt} is not after createdAt ${lifecycle.createdAt}`);
    else if (expires - created > maxTtlHours * HOUR_MS) {
      const hours = Math.round((expires - created) / HOUR_MS);
      report("lifecycle.expiresAt", `${lifecycle.expiresAt} is ${hours}h after createdAt; tier ${profile.tier} allows at most ${maxTtlHours}h (${maxTtlHours / 24} days)`);
    }
  } else if (lifecycle.kind === "persistent" && persistence === "never") {
    report("lifecycle.kind", `tier ${profile.tier} is always ephemeral; declare { kind: "ephemeral", createdAt, expiresAt } within ${maxTtlHours}h`);
  }
}

function checkSizing(sizing: TierProfile["sizing"], logRetentionDays: number, report: Report): void {
  if (sizing.minReplicas > sizing.maxReplicas) {
    report("overrides.sizing.minReplicas", `${sizing.minReplicas} is above maxReplicas ${sizing.maxReplicas}`);
  }
  if (sizing.dbAllocatedStorageGiB > sizing.dbMaxAllocatedStorageGiB) {
    report("overrides.sizing.dbAllocatedStorageGiB", `${sizing.dbAllocatedStorageGiB} GiB is above the autoscaling ceiling dbMaxAllocatedStorageGiB ${sizing.dbMaxAllocatedStorageGiB} GiB`);
  }
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    report("overrides.lifecycle.logRetentionDays", `${logRetentionDays} is not a retention CloudWatch accepts; use one of ${LOG_RETENTION_DAYS.join(", ")}`);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    Object.freeze(value);
    for (const child of Object.values(value as object)) if (!Object.isFrozen(child)) deepFreeze(child);
  }
  return value;
}
