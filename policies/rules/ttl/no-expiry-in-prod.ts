import { TAG_KEYS } from "../../../lib/core/tags";
import { tierProfile } from "../../../lib/core/tiers";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { EVERY_TIER } from "../levels";
import { expiresAtOf, lifecycleOf } from "./expiry";

/** Always-persistent tiers (prod) never carry an expiry the reaper would act on. */
export const noExpiryInProd: Rule = {
  id: "ENV-TTL-006",
  category: "ttl",
  title: "Always-persistent tiers (prod) are persistent and carry no expiry",
  severity: EVERY_TIER,
  appliesTo: "*",
  equivalents: {},
  remediation: `Declare the environment persistent with a reason and remove the "${TAG_KEYS.expiresAt}" tag.`,
  unwaivableIn: ["prod"],
  check(resource, stack) {
    if (tierProfile(stack.tier).lifecycle.persistence !== "always") return notApplicable();
    const problems: string[] = [];
    if (lifecycleOf(resource, stack) === "ephemeral") problems.push(`tag ${TAG_KEYS.lifecycle} is "ephemeral"`);
    const expiry = expiresAtOf(resource, stack);
    if (expiry !== undefined && expiry !== "") problems.push(`tag ${TAG_KEYS.expiresAt} is ${JSON.stringify(expiry)}`);
    return problems.length === 0 ? pass() : fail(`${problems.join(" and ")}, but the ${stack.tier} tier is always persistent`);
  },
};
