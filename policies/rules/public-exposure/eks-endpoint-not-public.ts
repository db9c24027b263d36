import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";
import { internetSources } from "../network-ingress/internet";

/** An EKS API endpoint, if public at all, is limited to named CIDR ranges. */
export const eksEndpointNotPublic: Rule = {
  id: "ENV-PUB-006",
  category: "public-exposure",
  title: "EKS public API endpoints are not open to 0.0.0.0/0",
  severity: EXPOSURE,
  appliesTo: ["aws_eks_cluster"],
  equivalents: { checkov: ["CKV_AWS_38", "CKV_AWS_39"], trivy: ["AWS-0040", "AWS-0041"] },
  remediation: "Set vpc_config.endpoint_public_access = false (with endpoint_private_access = true), or list your office/VPN ranges in public_access_cidrs.",
  check(cluster) {
    const vpc = block(cluster.attributes.vpc_config);
    const isPublic = flag(vpc?.endpoint_public_access);
    if (isPublic === false) return pass();
    if (isPublic === "unresolved") return unknownValue(unresolved("vpc_config.endpoint_public_access", vpc?.endpoint_public_access, "true or false"));
    const cidrs = vpc?.public_access_cidrs;
    if (cidrs === undefined || cidrs === null) return fail("the API endpoint is public (the default) and public_access_cidrs is unset, so it defaults to 0.0.0.0/0");
    if (!Array.isArray(cidrs)) return unknownValue(unresolved("vpc_config.public_access_cidrs", cidrs, "a list of CIDR ranges"));
    // Every address, in any spelling or as ranges that together cover it (0.0.0.0/1 with 128.0.0.0/1).
    const internet = internetSources(cidrs.filter((c): c is string => typeof c === "string"));
    if (internet.length > 0) return fail(`the API endpoint is public and public_access_cidrs ${internet.length === 1 ? `contains ${internet[0]}` : `covers every address with ${internet.join(", ")}`}, which is the whole internet`);
    const opaque = cidrs.filter((c) => typeof c !== "string" || c.includes("${"));
    return opaque.length > 0 ? unknownValue(unresolved("vpc_config.public_access_cidrs", opaque, "CIDR ranges")) : pass();
  },
};
