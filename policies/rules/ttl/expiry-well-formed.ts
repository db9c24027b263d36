import { TAG_KEYS } from "../../../lib/core/tags";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { EVERY_TIER } from "../levels";
import { expiresAtOf, parseUtcInstant } from "./expiry";

/** An expiry the reaper can read: ISO-8601, in UTC. */
export const expiryWellFormed: Rule = {
  id: "ENV-TTL-002",
  category: "ttl",
  title: "The expires-at tag is a well-formed ISO-8601 UTC instant",
  severity: EVERY_TIER,
  appliesTo: "*",
  equivalents: {},
  remediation: `Write "${TAG_KEYS.expiresAt}" as YYYY-MM-DDThh:mm:ssZ, e.g. 2026-03-31T18:00:00Z (the environment spec's lifecycle.expiresAt sets it for you).`,
  check(resource, stack) {
    const value = expiresAtOf(resource, stack);
    if (value === undefined || value === "") return notApplicable();
    if (parseUtcInstant(value)) return pass();
    return fail(`tag ${TAG_KEYS.expiresAt} is ${JSON.stringify(value)}, which is not an ISO-8601 UTC instant such as 2026-03-31T18:00:00Z`);
  },
};
