import { fail, pass, Rule } from "../../rule";
import { unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";
import { literal } from "../presence";
import { cacheBehaviors } from "./cloudfront-behaviors";

/**
 * Viewers reach a CloudFront distribution over the internet, so a behavior
 * that serves plain HTTP is exposure, an error in every tier.
 */
export const cloudfrontViewerHttps: Rule = {
  id: "ENV-ENC-033",
  category: "encryption",
  title: "CloudFront distributions serve viewers over HTTPS only (redirect-to-https or https-only on every cache behavior)",
  severity: EXPOSURE,
  appliesTo: ["aws_cloudfront_distribution"],
  equivalents: { checkov: ["CKV_AWS_34"], trivy: ["AWS-0012"], fsbp: ["CloudFront.3"] },
  remediation: 'Set viewer_protocol_policy = "redirect-to-https" (or "https-only") on default_cache_behavior and on every ordered_cache_behavior.',
  check(distribution) {
    const behaviors = cacheBehaviors(distribution.attributes);
    const open = behaviors.filter((b) => b.attributes.viewer_protocol_policy === "allow-all").map((b) => b.label);
    if (open.length > 0) {
      return fail(`viewer_protocol_policy is "allow-all" on ${open.join(", ")}: viewers on the internet can fetch and send content over plain HTTP, readable and alterable by anyone on the path`);
    }
    const unknown = behaviors.find((b) => isUnresolved(b.attributes.viewer_protocol_policy));
    if (unknown) return unknownValue(unresolved(`${unknown.label}.viewer_protocol_policy`, unknown.attributes.viewer_protocol_policy, '"redirect-to-https" or "https-only"'));
    return pass();
  },
};

function isUnresolved(policy: unknown): boolean {
  return policy !== undefined && literal(policy) === undefined;
}
