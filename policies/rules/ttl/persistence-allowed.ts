import { TAG_KEYS } from "../../../lib/core/tags";
import { tierProfile } from "../../../lib/core/tiers";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { EVERY_TIER } from "../levels";
import { lifecycleOf } from "./expiry";

/** Persistent resources only where the tier allows them (never in previews). */
export const persistenceAllowed: Rule = {
  id: "ENV-TTL-005",
  category: "ttl",
  title: "lifecycle=persistent only in tiers that allow persistent environments",
  severity: EVERY_TIER,
  appliesTo: "*",
  equivalents: {},
  remediation: "Make the environment ephemeral (lifecycle.ttlHours or lifecycle.expiresAt), or move it to a tier whose lifecycle.persistence is \"allowed\" or \"always\".",
  check(resource, stack) {
    if (lifecycleOf(resource, stack) !== "persistent") return notApplicable();
    if (tierProfile(stack.tier).lifecycle.persistence !== "never") return pass();
    return fail(`tag ${TAG_KEYS.lifecycle} is "persistent" but the ${stack.tier} tier never allows persistent environments`);
  },
};
