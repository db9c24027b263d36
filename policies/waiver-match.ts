/**
 * Waiver matching and expiry: what the engine needs at evaluation time,
 * kept free of the schema library so that synth-time checks load fast.
 */
import { parseDeadline } from "../lib/core/time";

/**
 * One waiver. It matches a finding of `ruleId` whose resource address equals
 * `resource`, or whose construct path starts with `constructPath` (a waiver
 * for a construct covers every resource below it).
 *
 * | field         | required                         |
 * | ------------- | -------------------------------- |
 * | ruleId        | yes                              |
 * | resource      | one of resource / constructPath  |
 * | constructPath | one of resource / constructPath  |
 * | stack         | no (any stack)                   |
 * | reason        | yes, non-empty                   |
 * | owner, ticket | at least one                     |
 * | expires       | yes: `YYYY-MM-DD` (valid through that day, UTC) or an ISO-8601 UTC instant |
 */
export interface Waiver {
  readonly ruleId: string;
  readonly resource?: string;
  readonly constructPath?: string;
  readonly stack?: string;
  readonly reason: string;
  readonly owner?: string;
  readonly ticket?: string;
  readonly expires: string;
}

/** How long a waiver may run from the time of a check, unless the policy says otherwise (`maxWaiverDays`). */
export const DEFAULT_MAX_WAIVER_DAYS = 90;

/** The instant a waiver stops applying: the end of its expiry date (UTC), or its exact instant. */
export function waiverExpiry(waiver: Waiver): Date {
  return parseDeadline(waiver.expires) ?? new Date(Number.NaN);
}

/** True once `now` is past the waiver's expiry. */
export function isExpired(waiver: Waiver, now: Date): boolean {
  // An unreadable expiry never keeps a waiver in force.
  const expiry = waiverExpiry(waiver).getTime();
  return Number.isNaN(expiry) || now.getTime() > expiry;
}

/** What a waiver covers, for messages: its resource address or `<construct path>/*`. */
export function waiverTarget(waiver: Waiver): string {
  return waiver.resource ?? `${waiver.constructPath}/*`;
}

/** What a finding needs for waiver matching. */
export interface WaivableFinding {
  readonly ruleId: string;
  readonly resource: string;
  readonly stack: string;
  readonly constructPath?: string;
}

/** True when `waiver` covers `finding` (expiry aside). */
export function waiverMatches(waiver: Waiver, finding: WaivableFinding): boolean {
  if (waiver.ruleId !== finding.ruleId) return false;
  if (waiver.stack !== undefined && waiver.stack !== finding.stack) return false;
  // A waiver of a resource covers each of its instances (`web[0]`, `web["a"]`); one of an instance covers that instance.
  if (waiver.resource !== undefined && (waiver.resource === finding.resource || waiver.resource === finding.resource.replace(/\[[^\]]*\]$/, ""))) return true;
  if (waiver.constructPath === undefined || finding.constructPath === undefined) return false;
  const prefix = waiver.constructPath.replace(/\/+$/, "");
  return finding.constructPath === prefix || finding.constructPath.startsWith(`${prefix}/`);
}

/** The first waiver in force that covers `finding`. */
export function findWaiver(waivers: readonly Waiver[], finding: WaivableFinding, now: Date): Waiver | undefined {
  return waivers.find((w) => waiverMatches(w, finding) && !isExpired(w, now));
}
