import { TAG_KEYS } from "../../../lib/core/tags";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { WARNING } from "../levels";
import { formatUtc } from "../../../lib/core/time";
import { expiresAtOf, parseUtcInstant } from "./expiry";

/**
 * An expired environment is renewed or reaped, not deployed again. This is a
 * warning, never an error: an expired environment must not stop the synth (and
 * so the destroy) of itself or of any other; its own deploy is refused by the
 * expiry guard in its stack, when Terraform plans it.
 */
export const expiryNotPast: Rule = {
  id: "ENV-TTL-003",
  category: "ttl",
  title: "The expires-at tag is not in the past",
  severity: WARNING,
  appliesTo: "*",
  equivalents: {},
  remediation: "Renew it (`envctl renew <environment> --for 48h`, then deploy), or destroy it (`cdktf destroy env-<environment>`, or `envctl reap`).",
  check(resource, stack) {
    const expiry = parseUtcInstant(expiresAtOf(resource, stack));
    if (!expiry) return notApplicable();
    if (expiry.getTime() > stack.now.getTime()) return pass();
    return fail(`tag ${TAG_KEYS.expiresAt} is ${formatUtc(expiry)}, which is not after now (${formatUtc(stack.now)}): the environment has expired, and its deploy will be refused`);
  },
};
