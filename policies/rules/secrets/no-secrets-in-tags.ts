import { isObject } from "../../load-common";
import { fail, pass, Rule, RuleResult } from "../../rule";
import { EXPOSURE } from "../levels";
import { credentialFindings } from "../../../lib/core/credentials";

/** Tags are readable by anyone who can list resources, and billing reports copy them everywhere. */
export const noSecretsInTags: Rule = {
  id: "ENV-SEC-005",
  category: "secrets",
  title: "Resource tags hold no credentials",
  severity: EXPOSURE,
  appliesTo: "*",
  equivalents: {},
  remediation: "Remove the credential from the tags (the spec's tags, or the resource's); tags are metadata that anyone with read access sees.",
  unwaivableIn: ["prod"],
  check(resource) {
    return checkTags(resource.attributes.tags);
  },
};

/** Fails when any tag looks like a credential; names the tag, never its value. Shared with the default-tags rule. */
export function checkTags(tags: unknown): RuleResult {
  if (!isObject(tags)) return pass();
  const found = Object.entries(tags).flatMap(([key, value]) => credentialFindings(key, value).map((what) => `tag ${key}: ${what}`));
  return found.length === 0 ? pass() : fail(found.join("; "));
}
