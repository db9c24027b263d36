import { fail, pass, Rule } from "../../rule";
import { unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { literal } from "../presence";

/** Security policies of API Gateway custom domains that refuse TLS 1.0 and 1.1. */
const MODERN_POLICY = /^(TLS_1_2|SecurityPolicy_TLS1[23]_.+)$/;

/**
 * A REST API custom domain refuses TLS 1.0 and 1.1. (HTTP API domains,
 * `aws_apigatewayv2_domain_name`, accept only TLS_1_2 and need no rule.)
 */
export const apiGatewayDomainTls: Rule = {
  id: "ENV-ENC-037",
  category: "encryption",
  title: "API Gateway custom domains require TLS 1.2 or later (security_policy TLS_1_2)",
  severity: SECURITY,
  appliesTo: ["aws_api_gateway_domain_name"],
  equivalents: { checkov: ["CKV_AWS_206"], trivy: ["AWS-0005"] },
  remediation: 'Set security_policy = "TLS_1_2" on the domain name.',
  check(domain) {
    const written = domain.attributes.security_policy;
    if (written === undefined || written === null) return fail("security_policy is not set (API Gateway's default is TLS_1_0): clients may connect with TLS 1.0 and 1.1, which allow downgrade and decryption attacks");
    const policy = literal(written);
    if (policy === undefined) return unknownValue(unresolved("security_policy", written, '"TLS_1_2"'));
    if (MODERN_POLICY.test(policy)) return pass();
    return fail(`security_policy is ${policy}: clients may connect with TLS 1.0 and 1.1, which allow downgrade and decryption attacks`);
  },
};
