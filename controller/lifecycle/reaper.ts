/**
 * What the reaper may destroy. A pure function of the inventory and the time,
 * so that its safety can be proven over any inventory: it never selects a
 * prod environment, a protected one, a persistent one, or one that has not
 * expired.
 */
import { formatSpan } from "../../lib/core/time";
import type { InventoryEntry } from "./inventory";

/** An environment the reaper destroys, with its stacks in destroy order. */
export interface ReapTarget {
  readonly name: string;
  readonly tier: InventoryEntry["tier"];
  readonly expiresAt: string;
  /** Kubernetes stacks first, then the AWS stack they depend on. */
  readonly stacks: readonly string[];
}

/** What the reaper would do. */
export interface ReapPlan {
  /** Expired environments, longest expired first. */
  readonly expired: readonly ReapTarget[];
  /** Every other environment, with the reason it is left alone. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

/** Selects the environments to reap at `now`; every entry is either expired or skipped with a reason. */
export function planReap(inventory: readonly InventoryEntry[], now: Date): ReapPlan {
  const expired: ReapTarget[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const env of inventory) {
    const reason = reasonToKeep(env, now);
    if (reason) skipped.push({ name: env.name, reason });
    else {
      const order = [...env.stacks.filter((s) => s.kind === "kubernetes"), ...env.stacks.filter((s) => s.kind !== "kubernetes")];
      expired.push({ name: env.name, tier: env.tier, expiresAt: env.expiresAt as string, stacks: order.map((s) => s.name) });
    }
  }
  expired.sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || a.name.localeCompare(b.name));
  return { expired, skipped };
}

/** Why an environment is kept, or undefined when it is to be reaped. */
function reasonToKeep(env: InventoryEntry, now: Date): string | undefined {
  if (env.tier === "prod") return "prod is never reaped";
  if (env.protected) return `deletion protection is on (tier ${env.tier}); decommission it on purpose instead`;
  if (env.lifecycle !== "ephemeral") return "persistent";
  const expiry = env.expiresAt ? Date.parse(env.expiresAt) : Number.NaN;
  if (Number.isNaN(expiry)) return "it has no readable expiry";
  if (expiry > now.getTime()) return `not expired: ${formatSpan((expiry - now.getTime()) / 3_600_000)} left`;
  return undefined;
}
