import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { literal } from "../presence";

/** Security policies that accept TLS 1.2 and later only: TLSv1.2 from the 2019 policy on, and every TLSv1.3 policy. */
const MODERN_POLICY = /^TLSv1\.(2_(2019|20[2-9]\d)|3_\d{4})$/;

/**
 * A distribution's viewers negotiate TLS 1.2 or later. With the default
 * `*.cloudfront.net` certificate CloudFront applies its TLSv1 policy whatever
 * `minimum_protocol_version` says, so that is a finding too: only a
 * certificate of one's own lets the distribution refuse TLS 1.0 and 1.1.
 */
export const cloudfrontViewerTls: Rule = {
  id: "ENV-ENC-034",
  category: "encryption",
  title: "CloudFront distributions accept TLS 1.2 or later from viewers (minimum_protocol_version TLSv1.2_2019 or newer, on a certificate of their own)",
  severity: SECURITY,
  appliesTo: ["aws_cloudfront_distribution"],
  equivalents: { checkov: ["CKV_AWS_174"], trivy: ["AWS-0013"], fsbp: ["CloudFront.15"] },
  remediation: 'In viewer_certificate, serve an ACM certificate (acm_certificate_arn, ssl_support_method = "sni-only") with minimum_protocol_version = "TLSv1.2_2021".',
  check(distribution) {
    const declared = distribution.attributes.viewer_certificate;
    const certificate = block(declared);
    if (!certificate) {
      return declared === undefined ? fail("viewer_certificate is not declared: the distribution's TLS policy cannot be told") : unknownValue(unresolved("viewer_certificate", declared, "a viewer_certificate block"));
    }
    const defaultCertificate = flag(certificate.cloudfront_default_certificate);
    if (defaultCertificate === "unresolved") return unknownValue(unresolved("viewer_certificate.cloudfront_default_certificate", certificate.cloudfront_default_certificate, "true or false"));
    if (defaultCertificate === true) {
      return fail("viewer_certificate uses the default *.cloudfront.net certificate, for which CloudFront applies the TLSv1 security policy whatever minimum_protocol_version says: viewers may connect with TLS 1.0 and 1.1, which allow downgrade and decryption attacks");
    }
    const written = certificate.minimum_protocol_version;
    if (written === undefined || written === null) return fail("viewer_certificate.minimum_protocol_version is not set (the provider default is TLSv1): viewers may connect with TLS 1.0 and 1.1, which allow downgrade and decryption attacks");
    const version = literal(written);
    if (version === undefined) return unknownValue(unresolved("viewer_certificate.minimum_protocol_version", written, "a CloudFront security policy"));
    if (MODERN_POLICY.test(version)) return pass();
    if (version.startsWith("TLSv1.2_")) return fail(`viewer_certificate.minimum_protocol_version is ${version}, which still offers viewers cipher suites without forward secrecy`);
    return fail(`viewer_certificate.minimum_protocol_version is ${version}: viewers may connect with protocols older than TLS 1.2, which allow downgrade and decryption attacks`);
  },
};
