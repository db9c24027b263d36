import { ttlProblem } from "../../../lib/core/lifecycle";
import { TAG_KEYS } from "../../../lib/core/tags";
import { tierProfile } from "../../../lib/core/tiers";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { EVERY_TIER } from "../levels";
import { formatUtc } from "../../../lib/core/time";
import { createdAtOf, expiresAtOf, parseUtcInstant, renewedAtOf } from "./expiry";

/** How far a creation time may lie ahead of the checking machine's clock. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * An ephemeral environment lives no longer than its tier allows: its expiry
 * is at most `maxTtlHours` after its `renewed-at` tag, else its `created-at`
 * tag (the definition spec resolution and `envctl renew` use). Without that tag, the time of the check stands in for it:
 * the creation was no later, so an expiry beyond now + the maximum is too late either way.
 * A creation or renewal after the time of the check (beyond a few minutes of
 * clock skew) is refused: a lifetime counted from the future never ends.
 */
export const expiryWithinMaxTtl: Rule = {
  id: "ENV-TTL-004",
  category: "ttl",
  title: "The expiry is within the tier's maximum time to live after creation",
  severity: EVERY_TIER,
  appliesTo: "*",
  equivalents: {},
  remediation: `Shorten the environment's lifecycle (lifecycle.expiresAt or lifecycle.ttlHours, at most the tier's maxTtlHours), or declare it persistent where the tier allows it.`,
  check(resource, stack) {
    const expiry = parseUtcInstant(expiresAtOf(resource, stack));
    if (!expiry || tierProfile(stack.tier).lifecycle.persistence === "always") return notApplicable();
    const renewed = parseUtcInstant(renewedAtOf(resource, stack));
    const created = renewed ?? parseUtcInstant(createdAtOf(resource, stack));
    const label = `tag ${renewed ? TAG_KEYS.renewedAt : TAG_KEYS.createdAt}`;
    if (created && created.getTime() > stack.now.getTime() + CLOCK_SKEW_MS) return fail(`${label} is ${formatUtc(created)}, after now (${formatUtc(stack.now)}): an environment's lifetime is counted from when it was really created or renewed; give the creation time it has (ephemeral(createdAt, ttlHours) with a time that has passed)`);
    const problem = created ? ttlProblem(stack.tier, created, expiry, label) : ttlProblem(stack.tier, stack.now, expiry, "now");
    // Without created-at, an expiry before now is the expiry rule's concern (ENV-TTL-003), not a TTL violation.
    if (!problem || (!created && expiry.getTime() <= stack.now.getTime())) return pass();
    return fail(`tag ${TAG_KEYS.expiresAt}: ${problem}`);
  },
};
