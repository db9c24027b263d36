/** `envctl renew`: a new expiry for an ephemeral environment, within its tier's maximum time to live. */
import { EnvkitInputError } from "../../lib/core/errors";
import { latestExpiry } from "../../lib/core/lifecycle";
import { addHours, formatSpan, formatUtc } from "../../lib/core/time";
import type { Tier } from "../../lib/core/profile";
import type { ResolvedLifecycle } from "../../lib/environments/types";
import type { LifecycleRecord } from "../../lib/lifecycle/records";

/**
 * The record of `env` renewed at `now` for `hours`: it expires `hours` from
 * now, and its time to live counts from now. Refused for a persistent
 * environment and beyond the tier's maximum.
 */
export function renewRecord(env: { readonly name: string; readonly tier: Tier; readonly lifecycle: ResolvedLifecycle }, record: LifecycleRecord | undefined, hours: number, now: Date, realNow: Date = now): LifecycleRecord {
  const lifecycle = env.lifecycle;
  if (lifecycle.kind !== "ephemeral") throw new EnvkitInputError(`environment ${env.name} is persistent (${lifecycle.reason}); it has no expiry to renew.`);
  // A simulated later time (--now) never writes an expiry past the real clock plus the tier's maximum.
  const created = new Date(lifecycle.createdAt);
  if (now.getTime() < created.getTime()) throw new EnvkitInputError(`environment ${env.name} was created at ${lifecycle.createdAt}: a renewal as of ${formatUtc(now)} would come before it. Leave out --now, or give a later time.`);
  const latest = new Date(Math.min((latestExpiry(env.tier, now) as Date).getTime(), (latestExpiry(env.tier, realNow) as Date).getTime()));
  const expires = addHours(now, hours);
  if (expires.getTime() > latest.getTime()) {
    const max = Math.round((latest.getTime() - now.getTime()) / 3_600_000);
    const simulated = now.getTime() > realNow.getTime() ? ` (--now ${formatUtc(now)} is later than the clock, ${formatUtc(realNow)}, whose time plus the tier's maximum bounds every expiry)` : "";
    if (max <= 0) throw new EnvkitInputError(`tier ${env.tier} allows no expiry after ${formatUtc(latest)}${simulated}: a renewal as of ${formatUtc(now)} cannot be written.`);
    throw new EnvkitInputError(`--for ${formatSpan(hours)} is more than tier ${env.tier} allows: at most ${max}h (${formatSpan(max)}) from ${formatUtc(now)}, until ${formatUtc(latest)}${simulated}.`);
  }
  return {
    environment: env.name,
    tier: env.tier,
    createdAt: lifecycle.createdAt,
    expiresAt: formatUtc(expires),
    renewedAt: formatUtc(now),
    ...(record?.cidr ? { cidr: record.cidr } : {}),
    ...(record?.owner ? { owner: record.owner } : {}),
  };
}
