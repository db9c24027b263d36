import { Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { checkTags } from "./no-secrets-in-tags";

/** The provider's default tags reach every resource; they are judged once, on the provider. */
export const noSecretsInDefaultTags: Rule = {
  id: "ENV-SEC-007",
  category: "secrets",
  title: "The AWS provider's default tags hold no credentials",
  severity: EXPOSURE,
  appliesTo: ["provider"],
  equivalents: {},
  remediation: "Remove the credential from the default tags (the organization's or the environment's tags in the spec); every resource carries them.",
  unwaivableIn: ["prod"],
  check(provider) {
    return checkTags(provider.attributes.default_tags);
  },
};
