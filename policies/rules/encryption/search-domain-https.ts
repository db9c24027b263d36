import { isReference } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { literal } from "../presence";

/** Domain TLS policies that refuse TLS 1.0 and 1.1. */
const MODERN_POLICIES: ReadonlySet<string> = new Set(["Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"]);

/**
 * Clients reach a search domain over HTTPS with TLS 1.2. `enforce_https`
 * defaults to true inside `domain_endpoint_options`; without the block AWS
 * keeps its own defaults, which enforce neither.
 */
export const searchDomainHttps: Rule = {
  id: "ENV-ENC-038",
  category: "encryption",
  title: "OpenSearch and Elasticsearch domains enforce HTTPS with a TLS 1.2 policy",
  severity: SECURITY,
  appliesTo: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  equivalents: { checkov: ["CKV_AWS_83", "CKV_AWS_228"], trivy: ["AWS-0046", "AWS-0126"], fsbp: ["Opensearch.8", "ES.8"] },
  remediation: 'Add domain_endpoint_options { enforce_https = true, tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10" } to the domain.',
  check(domain) {
    const written = domain.attributes.domain_endpoint_options;
    const options = block(written);
    if (!options) {
      if (isReference(written)) return unknownValue(unresolved("domain_endpoint_options", written, "a domain_endpoint_options block"));
      return fail("domain_endpoint_options is not declared: AWS's defaults neither enforce HTTPS nor refuse TLS 1.0, so clients may query the domain in plaintext or over outdated TLS");
    }
    const problems: string[] = [];
    const https = flag(options.enforce_https);
    if (https === "unresolved") return unknownValue(unresolved("domain_endpoint_options.enforce_https", options.enforce_https, "true or false"));
    if (https === false) problems.push("enforce_https is false, so clients may query the domain over plain HTTP");
    const declared = options.tls_security_policy;
    const policy = literal(declared);
    if (declared === undefined || declared === null) problems.push("tls_security_policy is not set (AWS chooses it and Terraform does not track it), so the domain may accept TLS 1.0 and 1.1");
    else if (policy === undefined) return unknownValue(unresolved("domain_endpoint_options.tls_security_policy", declared, '"Policy-Min-TLS-1-2-PFS-2023-10"'));
    else if (!MODERN_POLICIES.has(policy)) problems.push(`tls_security_policy ${policy} accepts TLS 1.0 and 1.1`);
    return problems.length === 0 ? pass() : fail(`domain_endpoint_options: ${problems.join("; ")}: queries and the documents they return can be read or altered in transit`);
  },
};
