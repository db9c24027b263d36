import { TAG_KEYS } from "../../../lib/core/tags";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { EVERY_TIER } from "../levels";
import { expiresAtOf, lifecycleOf } from "./expiry";

/** Ephemeral resources say when they expire, so the reaper can remove them. */
export const ephemeralHasExpiry: Rule = {
  id: "ENV-TTL-001",
  category: "ttl",
  title: "Ephemeral resources carry an expires-at tag",
  severity: EVERY_TIER,
  appliesTo: "*",
  equivalents: {},
  remediation: `Declare the environment's lifecycle as { kind: "ephemeral", createdAt, expiresAt or ttlHours }; it sets the "${TAG_KEYS.expiresAt}" default tag (an ISO-8601 UTC instant).`,
  check(resource, stack) {
    if (lifecycleOf(resource, stack) !== "ephemeral") return notApplicable();
    const value = expiresAtOf(resource, stack);
    return typeof value === "string" && value.trim() !== "" ? pass() : fail(`lifecycle is ephemeral but tag ${TAG_KEYS.expiresAt} is missing or empty`);
  },
};
