/**
 * The one definition of an environment's time to live: an expiry lies after
 * the instant it was set (creation, or the last renewal) and at most the
 * tier's `maxTtlHours` after it. Spec resolution and the TTL rules
 * each ask this module.
 */
import { addHours, formatUtc, hoursBetween } from "./time";
import { tierProfile } from "./tiers";
import type { Tier } from "./profile";

/** Why an expiry is not allowed, or undefined when it is. */
export function ttlProblem(tier: Tier, start: Date, expiresAt: Date, startLabel = "createdAt"): string | undefined {
  const { persistence, maxTtlHours } = tierProfile(tier).lifecycle;
  if (persistence === "always") return `tier ${tier} is always persistent and takes no expiry; declare { kind: "persistent", reason }`;
  const hours = hoursBetween(start, expiresAt);
  if (hours <= 0) return `${formatUtc(expiresAt)} is not after ${startLabel} ${formatUtc(start)}`;
  if (hours > maxTtlHours) {
    return `${formatUtc(expiresAt)} is ${Math.round(hours)}h after ${startLabel} ${formatUtc(start)}; tier ${tier} allows at most ${maxTtlHours}h (${maxTtlHours / 24} days)`;
  }
  return undefined;
}

/** The latest expiry the tier allows for a lifetime that starts at `start`; undefined for always-persistent tiers. */
export function latestExpiry(tier: Tier, start: Date): Date | undefined {
  const { persistence, maxTtlHours } = tierProfile(tier).lifecycle;
  return persistence === "always" ? undefined : addHours(start, maxTtlHours);
}
