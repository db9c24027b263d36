import { fail, pass, Rule } from "../../rule";
import { block, blocks, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { literal } from "../presence";
import { cacheBehaviors } from "./cloudfront-behaviors";

/** Protocols CloudFront may still offer a custom origin that are deprecated. */
const DEPRECATED_PROTOCOLS: ReadonlySet<string> = new Set(["SSLv3", "TLSv1", "TLSv1.1"]);

/**
 * CloudFront reaches custom origins over HTTPS with TLS 1.2: not `http-only`,
 * not `match-viewer` behind a behavior that accepts HTTP viewers, and no
 * deprecated protocol in `origin_ssl_protocols`. S3 and VPC origins are not
 * custom origins and are not judged here.
 */
export const cloudfrontOriginTls: Rule = {
  id: "ENV-ENC-035",
  category: "encryption",
  title: "CloudFront distributions reach custom origins over HTTPS with TLS 1.2",
  severity: SECURITY,
  appliesTo: ["aws_cloudfront_distribution"],
  equivalents: { checkov: ["CKV2_AWS_72", "CKV2_AWS_54"], fsbp: ["CloudFront.9", "CloudFront.10"] },
  remediation: 'In every origin\'s custom_origin_config, set origin_protocol_policy = "https-only" and origin_ssl_protocols = ["TLSv1.2"] (an S3 website endpoint speaks only HTTP: serve the bucket through its REST endpoint with origin access control instead).',
  check(distribution) {
    const behaviors = cacheBehaviors(distribution.attributes);
    const problems: string[] = [];
    let unknown: string | undefined;
    for (const origin of blocks(distribution.attributes.origin)) {
      const config = block(origin.custom_origin_config);
      if (!config) continue;
      const name = `origin ${JSON.stringify(origin.origin_id ?? origin.domain_name)}`;
      const policy = config.origin_protocol_policy;
      if (policy === "http-only") {
        problems.push(`${name} is reached over plain HTTP (origin_protocol_policy "http-only")`);
        continue;
      }
      if (policy === "match-viewer") {
        const open = behaviors.filter((b) => b.attributes.target_origin_id === origin.origin_id && b.attributes.viewer_protocol_policy === "allow-all").map((b) => b.label);
        if (open.length > 0) problems.push(`${name} matches the viewer's protocol and ${open.join(", ")} accepts HTTP viewers, so their requests reach it over plain HTTP`);
      } else if (literal(policy) === undefined) {
        unknown ??= unresolved(`${name} custom_origin_config.origin_protocol_policy`, policy, '"https-only"');
      }
      const protocols = config.origin_ssl_protocols;
      const readable = Array.isArray(protocols) && protocols.every((p) => literal(p) !== undefined);
      if (Array.isArray(protocols)) {
        const deprecated = protocols.filter((p): p is string => typeof p === "string" && DEPRECATED_PROTOCOLS.has(p));
        if (deprecated.length > 0) problems.push(`${name} allows ${deprecated.join(", ")} (origin_ssl_protocols)`);
      }
      if (!readable && protocols !== undefined) unknown ??= unresolved(`${name} custom_origin_config.origin_ssl_protocols`, protocols, '["TLSv1.2"]');
    }
    if (problems.length > 0) return fail(`${problems.join("; ")}: requests and responses between CloudFront and the origin can be read or altered on the way`);
    return unknown ? unknownValue(unknown) : pass();
  },
};
