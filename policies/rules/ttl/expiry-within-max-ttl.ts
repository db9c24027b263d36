import { TAG_KEYS } from "../../../lib/core/tags";
import { TIER_PROFILES } from "../../../lib/core/tiers";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { EVERY_TIER } from "../levels";
import { expiresAtOf, parseUtcInstant } from "./expiry";

const MS_PER_HOUR = 3_600_000;

/** An ephemeral environment lives no longer than its tier allows. */
export const expiryWithinMaxTtl: Rule = {
  id: "ENV-TTL-004",
  category: "ttl",
  title: "The expiry is within the tier's maximum time to live",
  severity: EVERY_TIER,
  appliesTo: "*",
  equivalents: {},
  remediation: "Choose a shorter TTL (at most the tier's lifecycle.maxTtlHours), or declare the environment persistent where the tier allows it.",
  check(resource, stack) {
    const expiry = parseUtcInstant(expiresAtOf(resource, stack));
    const maxTtlHours = TIER_PROFILES[stack.tier].lifecycle.maxTtlHours;
    if (!expiry || maxTtlHours === 0) return notApplicable();
    const latest = new Date(stack.now.getTime() + maxTtlHours * MS_PER_HOUR);
    if (expiry.getTime() <= latest.getTime()) return pass();
    return fail(`tag ${TAG_KEYS.expiresAt} is ${expiry.toISOString()}, later than ${latest.toISOString()} (now + ${maxTtlHours} h, the ${stack.tier} tier's maximum TTL)`);
  },
};
