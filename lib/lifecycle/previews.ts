/**
 * Previews per pull request, without editing code: `ENV_PREVIEW=pr-123` adds
 * the environment `pr-123` of the preview tier, built from the app's preview
 * template. Its network range is allocated from a pool, deterministically from
 * its name; its creation time and expiry are recorded once, when it is first
 * synthesized, and read back on every later synth.
 */
import { createHash } from "node:crypto";
import { cidrsOverlap, formatCidr, parseCidr, subnetOf, type Cidr } from "../core/cidr";
import { tierProfile } from "../core/tiers";
import { addHours, formatUtc, type Clock } from "../core/time";
import { EnvironmentSpecError } from "../environments/errors";
import type { EnvironmentSpec } from "../environments/types";
import type { LifecycleRecord } from "./records";

/** The environment variable that names the preview to add. */
export const PREVIEW_VARIABLE = "ENV_PREVIEW";

/** What every preview of an app shares. */
export interface PreviewTemplate {
  /** The AWS account previews deploy into. */
  readonly account: string;
  /** Zones to span (the preview tier uses the first two). */
  readonly availabilityZones: readonly string[];
  /**
   * The range previews' networks are cut from, in blocks of `prefixLength`.
   * @default "10.128.0.0/12"
   */
  readonly cidrPool?: string;
  /**
   * Size of each preview's network.
   * @default 20
   */
  readonly prefixLength?: number;
  /**
   * Hours from creation to expiry (at most the preview tier's maximum).
   * @default - the preview tier's default time to live
   */
  readonly ttlHours?: number;
  /**
   * Who owns previews.
   * @default - $ENV_PREVIEW_OWNER, else the CI's actor ($GITHUB_ACTOR, $GITLAB_USER_LOGIN), else the organization's owner
   */
  readonly owner?: string;
  /**
   * Application settings of previews.
   * @default - none
   */
  readonly config?: Readonly<Record<string, string>>;
  /**
   * The cluster previews' namespaces live in (each preview's namespace is its name).
   * @default - no Kubernetes stack
   */
  readonly kubernetes?: EnvironmentSpec["kubernetes"];
  /**
   * The services every preview runs.
   * @default - none
   */
  readonly services?: EnvironmentSpec["services"];
}

/** A preview spec, and the record to write after a successful synth when it is new. */
export interface PreviewPlan {
  readonly spec: EnvironmentSpec;
  /** Set when the preview is created by this synth (no record existed). */
  readonly newRecord?: LifecycleRecord;
}

/**
 * The spec of preview `name`: from its record when it exists, otherwise
 * created now (the only read of the clock), with a range from the pool that
 * overlaps no declared environment and no recorded preview.
 */
export function planPreview(name: string, template: PreviewTemplate, declared: readonly EnvironmentSpec[], records: ReadonlyMap<string, LifecycleRecord>, env: Readonly<Record<string, string | undefined>>, clock: Clock, defaultOwner?: string): PreviewPlan {
  const record = records.get(name);
  // The owner is decided once, when the preview is created, and read from its record after: a reaper's CI actor does not become the owner.
  const owner = record?.owner ?? template.owner ?? env.ENV_PREVIEW_OWNER ?? env.GITHUB_ACTOR ?? env.GITLAB_USER_LOGIN ?? defaultOwner;
  const base = { name, tier: "preview" as const, account: template.account, availabilityZones: [...template.availabilityZones], ...(owner ? { owner } : {}), ...(template.config ? { config: { ...template.config } } : {}), ...(template.kubernetes ? { kubernetes: template.kubernetes } : {}), ...(template.services ? { services: [...template.services] } : {}) };
  if (record) {
    return { spec: { ...base, cidr: record.cidr ?? "", lifecycle: { kind: "ephemeral", createdAt: record.createdAt, expiresAt: record.expiresAt } } };
  }
  const taken = [
    ...declared.map((s) => (typeof s.cidr === "string" ? parseCidr(s.cidr) : "")),
    ...[...records.values()].filter((r) => r.environment !== name).map((r) => parseCidr(r.cidr ?? "")),
  ].filter((c): c is Cidr => typeof c !== "string");
  const cidr = allocatePreviewCidr(name, template.cidrPool ?? "10.128.0.0/12", template.prefixLength ?? 20, taken);
  const created = clock();
  created.setUTCMilliseconds(0);
  const ttl = template.ttlHours ?? tierProfile("preview").lifecycle.defaultTtlHours;
  const lifecycle = { kind: "ephemeral" as const, createdAt: formatUtc(created), expiresAt: formatUtc(addHours(created, ttl)) };
  return {
    spec: { ...base, cidr, lifecycle },
    newRecord: { environment: name, tier: "preview", createdAt: lifecycle.createdAt, expiresAt: lifecycle.expiresAt, cidr, ...(owner ? { owner } : {}) },
  };
}

/**
 * A block of the pool for `name`: the block its name hashes to, or the next
 * free one after it (wrapping around). The same name gets the same block
 * whenever that block is free; a collision moves the later preview to the next
 * free block. A full pool is an error that says so.
 */
export function allocatePreviewCidr(name: string, pool: string, prefixLength: number, taken: readonly Cidr[]): string {
  const parent = parseCidr(pool);
  const problem = (message: string) => new EnvironmentSpecError([{ environment: name, field: "cidr", message }]);
  if (typeof parent === "string") throw problem(`the preview pool ${parent}`);
  const bits = prefixLength - parent.prefix;
  if (bits < 0 || bits > 16 || prefixLength > 24 || prefixLength < 16) throw problem(`previews of /${prefixLength} cannot be cut from ${pool}; use a prefix from /16 to /24, no larger than the pool`);
  const blocks = 2 ** bits;
  const start = createHash("sha256").update(name).digest().readUInt32BE(0) % blocks;
  for (let i = 0; i < blocks; i++) {
    const block = subnetOf(parent, bits, (start + i) % blocks);
    if (!taken.some((t) => cidrsOverlap(t, block))) return formatCidr(block);
  }
  throw problem(`the preview pool ${pool} has no free /${prefixLength} block left (${blocks} in all); reap expired previews (envctl reap --yes) or give previews a larger pool`);
}
