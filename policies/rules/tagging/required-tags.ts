import { REQUIRED_TAG_KEYS } from "../../../lib/core/tags";
import { fail, pass, Rule } from "../../rule";
import { EVERY_TIER } from "../levels";

/** Every taggable resource carries the organization's required tags, from default tags or its own. */
export const requiredTags: Rule = {
  id: "ENV-TAG-001",
  category: "tagging",
  title: "Taggable resources carry every required tag with a non-empty value",
  severity: EVERY_TIER,
  appliesTo: "*",
  equivalents: {},
  remediation: `Set the tags through the AWS provider's default_tags (the Environment construct does this) or the resource's tags: ${REQUIRED_TAG_KEYS.join(", ")}.`,
  check(resource, stack) {
    const tags = stack.effectiveTags(resource);
    const missing = REQUIRED_TAG_KEYS.filter((key) => !isPresent(tags[key]));
    if (missing.length === 0) return pass();
    return fail(`missing or empty tag${missing.length === 1 ? "" : "s"} ${missing.join(", ")} (required: ${REQUIRED_TAG_KEYS.join(", ")})`);
  },
};

function isPresent(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}
