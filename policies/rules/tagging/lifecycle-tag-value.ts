import { TAG_KEYS } from "../../../lib/core/tags";
import { isReference } from "../../model";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { unknownValue } from "../helpers";
import { EVERY_TIER } from "../levels";

/** The lifecycle tag says `ephemeral` or `persistent`, nothing vaguer. */
export const lifecycleTagValue: Rule = {
  id: "ENV-TAG-002",
  category: "tagging",
  title: "The lifecycle tag is either ephemeral or persistent",
  severity: EVERY_TIER,
  appliesTo: "*",
  equivalents: {},
  remediation: `Set the "${TAG_KEYS.lifecycle}" tag to "ephemeral" (with an "${TAG_KEYS.expiresAt}" tag) or "persistent" through the environment spec's lifecycle.`,
  check(resource, stack) {
    const value = stack.effectiveTags(resource)[TAG_KEYS.lifecycle];
    if (value === undefined || value === "") return notApplicable();
    if (value === "ephemeral" || value === "persistent") return pass();
    if (isReference(value)) return unknownValue(`tag ${TAG_KEYS.lifecycle} is ${JSON.stringify(value)}, which could not be resolved; it must be the literal "ephemeral" or "persistent"`);
    return fail(`tag ${TAG_KEYS.lifecycle} is ${JSON.stringify(value)}; allowed: "ephemeral", "persistent"`);
  },
};
