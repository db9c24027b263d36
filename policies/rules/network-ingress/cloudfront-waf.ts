import { fail, pass, Rule } from "../../rule";
import { unknownValue, unresolved } from "../helpers";
import { PRODUCTION } from "../levels";
import { presence } from "../presence";

/**
 * A production distribution filters requests through a WAF web ACL. CloudFront
 * takes its ACL only through `web_acl_id` (WAF's association resource does not
 * apply to distributions). Off below staging, where a web ACL's cost buys little.
 */
export const cloudfrontWaf: Rule = {
  id: "ENV-NET-011",
  category: "network-ingress",
  title: "CloudFront distributions are protected by a WAF web ACL (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_cloudfront_distribution"],
  equivalents: { checkov: ["CKV_AWS_68"], trivy: ["AWS-0011"], fsbp: ["CloudFront.6"] },
  remediation: 'Set web_acl_id to the arn of an aws_wafv2_web_acl with scope = "CLOUDFRONT" (created in us-east-1).',
  check(distribution) {
    const acl = distribution.attributes.web_acl_id;
    const given = presence(acl);
    if (given === "set") return pass();
    if (given === "unknown") return unknownValue(unresolved("web_acl_id", acl, "a web ACL arn"));
    return fail("web_acl_id is not set: the distribution takes requests from the whole internet with no firewall to stop injection, bad bots or request floods before they reach the origin");
  },
};
