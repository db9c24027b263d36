/**
 * The inventory of environments: what the manifest says of each, with the
 * expiry its lifecycle record holds (renewals, previews) and the time left.
 */
import { hoursBetween, parseUtcInstant } from "../../lib/core/time";
import type { Tier } from "../../lib/core/profile";
import type { EnvironmentManifest, StackKind } from "../../stacks/app/manifest";
import type { LifecycleRecord } from "../../lib/lifecycle/records";

/** One environment of the inventory. */
export interface InventoryEntry {
  readonly name: string;
  readonly tier: Tier;
  /** Its stacks, with their kind, in deploy order. */
  readonly stacks: readonly { readonly name: string; readonly kind: StackKind }[];
  readonly owner: string;
  readonly lifecycle: "ephemeral" | "persistent";
  /** ISO-8601 UTC, or null for a persistent environment. */
  readonly expiresAt: string | null;
  /** True once `now` is at or past the expiry. */
  readonly expired: boolean;
  /** Hours from now to the expiry (negative once expired), or null. */
  readonly hoursLeft: number | null;
  /** Deletion protection in force (staging, prod), unless decommissioned. */
  readonly protected: boolean;
  /** Where the state lives: `local <path>`, `s3 <bucket>/<key>`, `hcp <organization>/<workspace>`. */
  readonly backend: string;
}

/** The inventory of `manifest` at `now`, with the expiries of `records`. */
export function inventoryOf(manifest: EnvironmentManifest, records: ReadonlyMap<string, LifecycleRecord>, now: Date): InventoryEntry[] {
  return manifest.environments.map((env) => {
    const resolved = env.resolved;
    const lifecycle = resolved.lifecycle;
    const record = records.get(env.name);
    const expiresAt = lifecycle.kind === "ephemeral" ? (record && record.createdAt === lifecycle.createdAt ? record.expiresAt : lifecycle.expiresAt) : null;
    const expiry = parseUtcInstant(expiresAt);
    return {
      name: env.name,
      tier: env.tier,
      stacks: env.stacks.map((s) => ({ name: s.name, kind: s.kind })),
      owner: env.owner,
      lifecycle: lifecycle.kind,
      expiresAt,
      expired: expiry !== undefined && expiry.getTime() <= now.getTime(),
      hoursLeft: expiry ? Math.round(hoursBetween(now, expiry) * 10) / 10 : null,
      protected: resolved.retention.deletionProtection && !resolved.decommission,
      backend: describeBackend(resolved.backend, env.name),
    };
  });
}

function describeBackend(backend: EnvironmentManifest["environments"][number]["backend"], name: string): string {
  switch (backend.type) {
    case "local":
      return `local ${backend.directory ?? "terraform-state"}/env-${name}.tfstate`;
    case "s3":
      return `s3 ${backend.bucket}/${backend.keyPrefix ?? "envs"}/${name}/terraform.tfstate`;
    case "hcp":
      return `hcp ${backend.organization}/${backend.workspacePrefix ?? "env-"}${name}`;
  }
}
