/**
 * The estate: every environment envctl can know of, whether or not the
 * current `cdktf.out` holds it. An environment is known from the synth (its
 * manifest), from its lifecycle record (a preview created from CI, which a
 * plain synth leaves out), or from its local state alone (its code and record
 * are gone, its resources are not). A destroyed environment's record is kept
 * as a tombstone that says when and by whom.
 */
import { tierProfile, isTier } from "../../lib/core/tiers";
import { hoursBetween, parseUtcInstant } from "../../lib/core/time";
import type { EnvironmentManifest } from "../../stacks/app/manifest";
import { inventoryOf, type InventoryEntry } from "./inventory";
import type { LifecycleRecord } from "../../lib/lifecycle/records";
import type { LocalState } from "./states";

/** Where envctl knows an environment from. */
export type Provenance = "synth" | "record" | "state";

/** One live environment of the estate. */
export interface EstateEntry extends InventoryEntry {
  /** `synth`: in cdktf.out; `record`: a preview known from its lifecycle record; `state`: known from its local state alone. */
  readonly knownFrom: Provenance;
  /** When its state was last written with resources in it (a deploy or a fix); null when nothing is deployed or the state is remote. */
  readonly lastDeploy: string | null;
  readonly record?: LifecycleRecord;
  readonly state?: LocalState;
}

/** A destroyed environment, from its tombstone. */
export interface DestroyedEntry {
  readonly name: string;
  readonly tier: InventoryEntry["tier"];
  readonly owner: string;
  readonly destroyedAt: string;
  readonly destroyedBy: string;
}

/** What the estate is built from. */
export interface EstateSources {
  /** The manifest of cdktf.out, when there is one. */
  readonly manifest?: EnvironmentManifest;
  /** Records of live environments. */
  readonly records: ReadonlyMap<string, LifecycleRecord>;
  /** Tombstones. */
  readonly destroyed: ReadonlyMap<string, LifecycleRecord>;
  readonly states: ReadonlyMap<string, LocalState>;
}

/** The estate at `now`: live environments (synth first, in its order, then the others by name) and destroyed ones. */
export function estateOf(sources: EstateSources, now: Date): { readonly live: EstateEntry[]; readonly destroyed: DestroyedEntry[] } {
  const deployed = (name: string) => (sources.states.get(name)?.resources ?? 0) > 0;
  const lastDeploy = (name: string) => (deployed(name) ? (sources.states.get(name) as LocalState).writtenAt : null);
  // A tombstone holds until the environment is deployed again.
  const isDestroyed = (name: string) => sources.destroyed.has(name) && !deployed(name) && !sources.records.has(name);
  const live: EstateEntry[] = [];
  const seen = new Set<string>();
  for (const entry of sources.manifest ? inventoryOf(sources.manifest, sources.records, now) : []) {
    seen.add(entry.name);
    if (isDestroyed(entry.name)) continue;
    live.push({ ...entry, knownFrom: "synth", lastDeploy: lastDeploy(entry.name), record: sources.records.get(entry.name), state: sources.states.get(entry.name) });
  }
  for (const record of [...sources.records.values()].sort((a, b) => a.environment.localeCompare(b.environment))) {
    if (seen.has(record.environment)) continue;
    seen.add(record.environment);
    const state = sources.states.get(record.environment);
    live.push({
      ...timing(record.expiresAt, now),
      name: record.environment,
      tier: record.tier,
      stacks: stacksOf(record.environment, state),
      owner: record.owner ?? state?.tags.owner ?? "unknown",
      lifecycle: "ephemeral",
      expiresAt: record.expiresAt,
      protected: tierProfile(record.tier).lifecycle.deletionProtection,
      backend: backendOf(record.environment, state),
      knownFrom: "record",
      lastDeploy: lastDeploy(record.environment),
      record,
      state,
    });
  }
  for (const state of [...sources.states.values()].sort((a, b) => a.environment.localeCompare(b.environment))) {
    if (seen.has(state.environment) || state.resources === 0 || isDestroyed(state.environment)) continue;
    const tier = state.tags.tier;
    if (!isTier(tier)) continue;
    const ephemeral = state.tags.lifecycle === "ephemeral" && parseUtcInstant(state.tags["expires-at"]) !== undefined;
    live.push({
      ...(ephemeral ? timing(state.tags["expires-at"], now) : { expired: false, hoursLeft: null }),
      name: state.environment,
      tier,
      stacks: stacksOf(state.environment, state),
      owner: state.tags.owner ?? "unknown",
      lifecycle: ephemeral ? "ephemeral" : "persistent",
      expiresAt: ephemeral ? state.tags["expires-at"] : null,
      protected: tierProfile(tier).lifecycle.deletionProtection,
      backend: backendOf(state.environment, state),
      knownFrom: "state",
      lastDeploy: state.writtenAt,
      state,
    });
  }
  const destroyed = [...sources.destroyed.values()]
    .filter((r) => isDestroyed(r.environment))
    .sort((a, b) => (b.destroyedAt ?? "").localeCompare(a.destroyedAt ?? ""))
    .map((r) => ({ name: r.environment, tier: r.tier, owner: r.owner ?? "unknown", destroyedAt: r.destroyedAt as string, destroyedBy: r.destroyedBy ?? "unknown" }));
  return { live, destroyed };
}

function timing(expiresAt: string | undefined, now: Date): { expired: boolean; hoursLeft: number | null } {
  const expiry = parseUtcInstant(expiresAt);
  return { expired: expiry !== undefined && expiry.getTime() <= now.getTime(), hoursLeft: expiry ? Math.round(hoursBetween(now, expiry) * 10) / 10 : null };
}

/** An environment's stacks when only its record or state is known: its AWS stack, and its Kubernetes stack when that has a state. */
function stacksOf(name: string, state: LocalState | undefined): InventoryEntry["stacks"] {
  return [{ name: `env-${name}`, kind: "aws" }, ...(state?.kubernetesPath ? [{ name: `env-${name}-k8s`, kind: "kubernetes" as const }] : [])];
}

function backendOf(name: string, state: LocalState | undefined): string {
  return state ? `local ${state.path}` : `local terraform-state/env-${name}.tfstate`;
}
