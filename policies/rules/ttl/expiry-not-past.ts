import { TAG_KEYS } from "../../../lib/core/tags";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { EVERY_TIER } from "../levels";
import { expiresAtOf, parseUtcInstant } from "./expiry";

/** An expired environment is not deployed again; it is renewed or reaped. */
export const expiryNotPast: Rule = {
  id: "ENV-TTL-003",
  category: "ttl",
  title: "The expires-at tag is not in the past",
  severity: EVERY_TIER,
  appliesTo: "*",
  equivalents: {},
  remediation: "Give the environment a new expiry in its spec (lifecycle.expiresAt or lifecycle.ttlHours), or destroy it with `cdktf destroy`.",
  check(resource, stack) {
    const expiry = parseUtcInstant(expiresAtOf(resource, stack));
    if (!expiry) return notApplicable();
    if (expiry.getTime() > stack.now.getTime()) return pass();
    return fail(`tag ${TAG_KEYS.expiresAt} is ${expiry.toISOString()}, which is not after now (${stack.now.toISOString()}): the environment has expired`);
  },
};
