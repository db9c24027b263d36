/**
 * Edge, web and search: CloudFront, API Gateway, OpenSearch/Elasticsearch and
 * classic load balancers, in both forms through findingsOf.
 */
import { apiGatewayAccessLogs } from "../../../policies/rules/logging/api-gateway-access-logs";
import { apiGatewayCacheEncrypted } from "../../../policies/rules/encryption/api-gateway-cache-encrypted";
import { apiGatewayDomainTls } from "../../../policies/rules/encryption/api-gateway-domain-tls";
import { apiGatewayMethodAuthorization } from "../../../policies/rules/iam/api-gateway-method-authorization";
import { apiGatewayXrayTracing } from "../../../policies/rules/logging/api-gateway-xray-tracing";
import { classicLoadBalancerListenerTls } from "../../../policies/rules/network-ingress/classic-load-balancer-listener-tls";
import { cloudfrontAccessLogs } from "../../../policies/rules/logging/cloudfront-access-logs";
import { cloudfrontOriginTls } from "../../../policies/rules/encryption/cloudfront-origin-tls";
import { cloudfrontViewerHttps } from "../../../policies/rules/encryption/cloudfront-viewer-https";
import { cloudfrontViewerTls } from "../../../policies/rules/encryption/cloudfront-viewer-tls";
import { cloudfrontWaf } from "../../../policies/rules/network-ingress/cloudfront-waf";
import { loadBalancerAccessLogs } from "../../../policies/rules/logging/load-balancer-access-logs";
import { searchDomainAuditLogs } from "../../../policies/rules/logging/search-domain-audit-logs";
import { searchDomainErrorLogs } from "../../../policies/rules/logging/search-domain-error-logs";
import { searchDomainFineGrainedAccess } from "../../../policies/rules/iam/search-domain-fine-grained-access";
import { searchDomainHttps } from "../../../policies/rules/encryption/search-domain-https";
import { searchDomainInVpc } from "../../../policies/rules/network-ingress/search-domain-in-vpc";
import { findingsOf, flagged, ref } from "../helpers";

type Attributes = Record<string, unknown>;

/** Variables without a default: values only the caller of the configuration knows (a default would be judged as the value). */
const FLAG = { flag: { type: "bool" } };

/** Fixture attributes with `undefined` meaning "leave the argument out". */
const defined = (attributes: Attributes) => Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined));
const TEXT = { text: { type: "string" } };

// CloudFront ------------------------------------------------------------------------------------

const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const behavior = (attributes: Attributes) => ({ allowed_methods: ["GET", "HEAD"], cached_methods: ["GET", "HEAD"], target_origin_id: "app", viewer_protocol_policy: "redirect-to-https", cache_policy_id: CACHING_OPTIMIZED, ...attributes });
const customOrigin = (config: Attributes, id = "app") => ({ domain_name: `${id}.example.com`, origin_id: id, custom_origin_config: [{ http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"], ...config }] });

/** A distribution that passes every CloudFront rule; each test spoils one thing. */
function distribution(attributes: Attributes = {}) {
  return {
    aws_cloudfront_distribution: {
      cdn: defined({
        enabled: true,
        origin: [customOrigin({})],
        default_cache_behavior: [behavior({})],
        restrictions: [{ geo_restriction: [{ restriction_type: "none" }] }],
        viewer_certificate: [{ acm_certificate_arn: "arn:aws:acm:us-east-1:111111111111:certificate/web", ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" }],
        logging_config: [{ bucket: "acme-edge-logs.s3.amazonaws.com" }],
        web_acl_id: ref("aws_wafv2_web_acl.edge", "arn"),
        ...attributes,
      }),
    },
  };
}

describe("ENV-ENC-033 CloudFront viewers over HTTPS", () => {
  it("Noncompliance: allow-all on the default behavior, and on an ordered behavior", () => {
    expect(flagged(cloudfrontViewerHttps, distribution({ default_cache_behavior: [behavior({ viewer_protocol_policy: "allow-all" })] }))).toEqual(["aws_cloudfront_distribution.cdn"]);
    const ordered = distribution({ ordered_cache_behavior: [behavior({ path_pattern: "/api/*", viewer_protocol_policy: "allow-all" })] });
    expect(findingsOf(cloudfrontViewerHttps, ordered)[0].message).toBe(
      'viewer_protocol_policy is "allow-all" on ordered_cache_behavior[0] (/api/*): viewers on the internet can fetch and send content over plain HTTP, readable and alterable by anyone on the path',
    );
  });

  it("Compliance: redirect-to-https by default, https-only on an ordered behavior", () => {
    expect(flagged(cloudfrontViewerHttps, distribution({ ordered_cache_behavior: [behavior({ path_pattern: "/api/*", viewer_protocol_policy: "https-only" })] }))).toEqual([]);
  });

  it("Unknown: a policy from a variable is reported at info", () => {
    const [finding] = findingsOf(cloudfrontViewerHttps, distribution({ default_cache_behavior: [behavior({ viewer_protocol_policy: "${var.text}" })] }), { variable: TEXT });
    expect(finding).toMatchObject({ severity: "info", message: expect.stringMatching(/^default_cache_behavior\.viewer_protocol_policy is "\$\{var\.text\}", which could not be resolved/) });
  });

  it("fails in every tier: the viewers are on the internet", () => {
    expect(findingsOf(cloudfrontViewerHttps, distribution({ default_cache_behavior: [behavior({ viewer_protocol_policy: "allow-all" })] }), { tier: "dev" })[0].severity).toBe("error");
  });
});

describe("ENV-ENC-034 CloudFront viewers on TLS 1.2+", () => {
  const certificate = (attributes: Attributes) => distribution({ viewer_certificate: [attributes] });

  it("Noncompliance: the default *.cloudfront.net certificate, whatever minimum_protocol_version says", () => {
    expect(findingsOf(cloudfrontViewerTls, certificate({ cloudfront_default_certificate: true, minimum_protocol_version: "TLSv1.2_2021" }))[0].message).toBe(
      "viewer_certificate uses the default *.cloudfront.net certificate, for which CloudFront applies the TLSv1 security policy whatever minimum_protocol_version says: viewers may connect with TLS 1.0 and 1.1, which allow downgrade and decryption attacks",
    );
  });

  it("Noncompliance: a certificate of one's own with the provider default (TLSv1), TLSv1.1_2016, or TLSv1.2_2018", () => {
    const acm = { acm_certificate_arn: "arn:aws:acm:us-east-1:111111111111:certificate/web", ssl_support_method: "sni-only" };
    expect(findingsOf(cloudfrontViewerTls, certificate(acm))[0].message).toBe(
      "viewer_certificate.minimum_protocol_version is not set (the provider default is TLSv1): viewers may connect with TLS 1.0 and 1.1, which allow downgrade and decryption attacks",
    );
    expect(findingsOf(cloudfrontViewerTls, certificate({ ...acm, minimum_protocol_version: "TLSv1.1_2016" }))[0].message).toMatch(/^viewer_certificate\.minimum_protocol_version is TLSv1\.1_2016: viewers may connect with protocols older than TLS 1\.2/);
    expect(findingsOf(cloudfrontViewerTls, certificate({ ...acm, minimum_protocol_version: "TLSv1.2_2018" }))[0].message).toBe("viewer_certificate.minimum_protocol_version is TLSv1.2_2018, which still offers viewers cipher suites without forward secrecy");
  });

  it.each(["TLSv1.2_2019", "TLSv1.2_2021"])("Compliance: %s on an ACM certificate (default certificate written out as false)", (version) => {
    expect(flagged(cloudfrontViewerTls, certificate({ acm_certificate_arn: ref("aws_acm_certificate.web", "arn"), cloudfront_default_certificate: false, ssl_support_method: "sni-only", minimum_protocol_version: version }))).toEqual([]);
  });

  it("Unknown: the version or the default-certificate flag from a variable", () => {
    expect(findingsOf(cloudfrontViewerTls, certificate({ acm_certificate_arn: "arn:aws:acm:us-east-1:111111111111:certificate/web", ssl_support_method: "sni-only", minimum_protocol_version: "${var.text}" }), { variable: TEXT })[0].severity).toBe("info");
    expect(findingsOf(cloudfrontViewerTls, certificate({ cloudfront_default_certificate: "${var.flag}" }), { variable: FLAG })[0]).toMatchObject({ severity: "info", message: expect.stringContaining("could not be resolved") });
  });

  it("warns below staging", () => {
    expect(findingsOf(cloudfrontViewerTls, certificate({ cloudfront_default_certificate: true }), { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("ENV-ENC-035 CloudFront to custom origins over HTTPS with TLS 1.2", () => {
  it("Noncompliance: an http-only origin", () => {
    expect(findingsOf(cloudfrontOriginTls, distribution({ origin: [customOrigin({ origin_protocol_policy: "http-only" })] }))[0].message).toBe(
      'origin "app" is reached over plain HTTP (origin_protocol_policy "http-only"): requests and responses between CloudFront and the origin can be read or altered on the way',
    );
  });

  it("Noncompliance: match-viewer behind a behavior that accepts HTTP viewers; deprecated protocols", () => {
    const matchViewer = distribution({ origin: [customOrigin({ origin_protocol_policy: "match-viewer" })], default_cache_behavior: [behavior({ viewer_protocol_policy: "allow-all" })] });
    expect(findingsOf(cloudfrontOriginTls, matchViewer)[0].message).toMatch(/^origin "app" matches the viewer's protocol and default_cache_behavior accepts HTTP viewers/);
    const legacy = distribution({ origin: [customOrigin({ origin_ssl_protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"] })] });
    expect(findingsOf(cloudfrontOriginTls, legacy)[0].message).toMatch(/^origin "app" allows TLSv1, TLSv1\.1 \(origin_ssl_protocols\)/);
  });

  it("Compliance: https-only with TLSv1.2; match-viewer when every behavior to it is HTTPS; an S3 origin (not a custom origin)", () => {
    expect(flagged(cloudfrontOriginTls, distribution())).toEqual([]);
    expect(flagged(cloudfrontOriginTls, distribution({ origin: [customOrigin({ origin_protocol_policy: "match-viewer" })] }))).toEqual([]);
    const s3 = { domain_name: "acme-site.s3.eu-west-1.amazonaws.com", origin_id: "site", origin_access_control_id: ref("aws_cloudfront_origin_access_control.site") };
    expect(flagged(cloudfrontOriginTls, distribution({ origin: [s3], default_cache_behavior: [behavior({ target_origin_id: "site" })] }))).toEqual([]);
  });

  it("Unknown: the origin protocol policy from a variable", () => {
    expect(findingsOf(cloudfrontOriginTls, distribution({ origin: [customOrigin({ origin_protocol_policy: "${var.text}" })] }), { variable: TEXT })[0]).toMatchObject({ severity: "info", message: expect.stringContaining("could not be resolved") });
  });

  it("warns below staging", () => {
    expect(findingsOf(cloudfrontOriginTls, distribution({ origin: [customOrigin({ origin_protocol_policy: "http-only" })] }), { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("ENV-LOG-016 CloudFront access logs", () => {
  const deliverySource = { access: { name: "cdn-access", log_type: "ACCESS_LOGS", resource_arn: ref("aws_cloudfront_distribution.cdn", "arn") } };

  it("Noncompliance: no logging_config and no log delivery", () => {
    expect(findingsOf(cloudfrontAccessLogs, distribution({ logging_config: undefined }))[0].message).toBe(
      "logging_config is not declared and no aws_cloudwatch_log_delivery_source collects its ACCESS_LOGS: requests served at the edge, and who made them, are not recorded",
    );
  });

  it("Noncompliance: a delivery source that nothing delivers", () => {
    const resources = { ...distribution({ logging_config: undefined }), aws_cloudwatch_log_delivery_source: deliverySource };
    expect(findingsOf(cloudfrontAccessLogs, resources)[0].message).toMatch(/^aws_cloudwatch_log_delivery_source\.access collects the access logs, but no aws_cloudwatch_log_delivery sends them/);
  });

  it("Compliance: standard logging to a bucket; standard logging v2 through a delivery source and a delivery (by reference or by name)", () => {
    expect(flagged(cloudfrontAccessLogs, distribution())).toEqual([]);
    const destination = ref("aws_cloudwatch_log_delivery_destination.logs", "arn");
    for (const sourceName of [ref("aws_cloudwatch_log_delivery_source.access", "name"), "cdn-access"]) {
      const resources = { ...distribution({ logging_config: undefined }), aws_cloudwatch_log_delivery_source: deliverySource, aws_cloudwatch_log_delivery: { d: { delivery_source_name: sourceName, delivery_destination_arn: destination } } };
      expect(flagged(cloudfrontAccessLogs, resources)).toEqual([]);
    }
  });

  it("Unknown: the bucket from a variable", () => {
    expect(findingsOf(cloudfrontAccessLogs, distribution({ logging_config: [{ bucket: "${var.text}" }] }), { variable: TEXT })[0].severity).toBe("info");
  });

  it("runs in staging and prod only", () => {
    expect(flagged(cloudfrontAccessLogs, distribution({ logging_config: undefined }), { tier: "dev" })).toEqual([]);
    expect(flagged(cloudfrontAccessLogs, distribution({ logging_config: undefined }), { tier: "staging" })).toEqual(["aws_cloudfront_distribution.cdn"]);
  });
});

describe("ENV-NET-011 CloudFront behind a WAF web ACL", () => {
  it("Noncompliance: no web_acl_id", () => {
    expect(findingsOf(cloudfrontWaf, distribution({ web_acl_id: undefined }))[0].message).toBe(
      "web_acl_id is not set: the distribution takes requests from the whole internet with no firewall to stop injection, bad bots or request floods before they reach the origin",
    );
    expect(flagged(cloudfrontWaf, distribution({ web_acl_id: "" }))).toEqual(["aws_cloudfront_distribution.cdn"]);
  });

  it("Compliance: a web ACL by reference, or by literal arn", () => {
    expect(flagged(cloudfrontWaf, distribution())).toEqual([]);
    expect(flagged(cloudfrontWaf, distribution({ web_acl_id: "arn:aws:wafv2:us-east-1:111111111111:global/webacl/edge/abc" }))).toEqual([]);
  });

  it("Unknown: a web ACL from a variable (which may be empty)", () => {
    expect(findingsOf(cloudfrontWaf, distribution({ web_acl_id: "${var.text}" }), { variable: TEXT })[0].severity).toBe("info");
  });

  it("runs in staging and prod only", () => {
    expect(flagged(cloudfrontWaf, distribution({ web_acl_id: undefined }), { tier: "test" })).toEqual([]);
  });
});

// API Gateway -----------------------------------------------------------------------------------

const API = ref("aws_api_gateway_rest_api.api");
const restStage = (attributes: Attributes = {}) => ({ rest_api_id: API, deployment_id: ref("aws_api_gateway_deployment.d"), stage_name: "prod", ...attributes });
const ACCESS_LOG = [{ destination_arn: ref("aws_cloudwatch_log_group.api", "arn"), format: '{"requestId":"$context.requestId"}' }];

describe("ENV-LOG-017 API Gateway access logs", () => {
  it("Noncompliance: a REST stage and an HTTP API stage without access_log_settings", () => {
    const resources = { aws_api_gateway_stage: { prod: restStage() }, aws_apigatewayv2_stage: { http: { api_id: ref("aws_apigatewayv2_api.http"), name: "prod" } } };
    expect(flagged(apiGatewayAccessLogs, resources)).toEqual(["aws_api_gateway_stage.prod", "aws_apigatewayv2_stage.http"]);
    expect(findingsOf(apiGatewayAccessLogs, { aws_api_gateway_stage: { prod: restStage() } })[0].message).toBe(
      "access_log_settings is not declared: who called the API, from where, and with what result is not recorded",
    );
  });

  it("Compliance: a log group by reference on both kinds of stage", () => {
    const resources = { aws_api_gateway_stage: { prod: restStage({ access_log_settings: ACCESS_LOG }) }, aws_apigatewayv2_stage: { http: { api_id: ref("aws_apigatewayv2_api.http"), name: "prod", access_log_settings: ACCESS_LOG } } };
    expect(flagged(apiGatewayAccessLogs, resources)).toEqual([]);
  });

  it("Unknown: the destination from a variable", () => {
    const resources = { aws_api_gateway_stage: { prod: restStage({ access_log_settings: [{ destination_arn: "${var.text}", format: "$context.requestId" }] }) } };
    expect(findingsOf(apiGatewayAccessLogs, resources, { variable: TEXT })[0].severity).toBe("info");
  });

  it("runs in staging and prod only", () => {
    expect(flagged(apiGatewayAccessLogs, { aws_api_gateway_stage: { prod: restStage() } }, { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-LOG-018 API Gateway X-Ray tracing", () => {
  it("Noncompliance: the provider default", () => {
    expect(findingsOf(apiGatewayXrayTracing, { aws_api_gateway_stage: { prod: restStage() } })[0].message).toBe(
      "xray_tracing_enabled is not set (the provider default is false): a slow or failing request cannot be followed through the API to the services behind it",
    );
  });

  it("Compliance: enabled, as a boolean or a string", () => {
    expect(flagged(apiGatewayXrayTracing, { aws_api_gateway_stage: { a: restStage({ xray_tracing_enabled: true }), b: restStage({ stage_name: "b", xray_tracing_enabled: "true" }) } })).toEqual([]);
  });

  it("Unknown: from a variable", () => {
    expect(findingsOf(apiGatewayXrayTracing, { aws_api_gateway_stage: { prod: restStage({ xray_tracing_enabled: "${var.flag}" }) } }, { variable: FLAG })[0].severity).toBe("info");
  });

  it("is an error in prod, a warning in staging, information in test, off in dev", () => {
    const resources = { aws_api_gateway_stage: { prod: restStage() } };
    expect(findingsOf(apiGatewayXrayTracing, resources)[0].severity).toBe("error");
    expect(findingsOf(apiGatewayXrayTracing, resources, { tier: "staging" })[0].severity).toBe("warning");
    expect(findingsOf(apiGatewayXrayTracing, resources, { tier: "test" })[0].severity).toBe("info");
    expect(flagged(apiGatewayXrayTracing, resources, { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-ENC-036 API Gateway cache encrypted", () => {
  const methodSettings = (settings: Attributes, methodPath = "*/*") => ({ rest_api_id: API, stage_name: ref("aws_api_gateway_stage.prod", "stage_name"), method_path: methodPath, settings: [settings] });

  it("Noncompliance: method settings that cache without encryption", () => {
    const resources = { aws_api_gateway_method_settings: { items: methodSettings({ caching_enabled: true }, "items/GET") } };
    expect(findingsOf(apiGatewayCacheEncrypted, resources)[0].message).toBe("settings.caching_enabled is true and cache_data_encrypted is not set (the default is false): responses cached for items/GET are stored unencrypted");
  });

  it("Noncompliance: a stage with a cache cluster and no */* setting that encrypts it", () => {
    const resources = { aws_api_gateway_stage: { prod: restStage({ cache_cluster_enabled: true, cache_cluster_size: "0.5" }) } };
    expect(findingsOf(apiGatewayCacheEncrypted, resources)[0].message).toBe(
      'cache_cluster_enabled is true and no aws_api_gateway_method_settings with method_path "*/*" for this stage sets cache_data_encrypted = true: API Gateway caches GET responses by default and stores them unencrypted',
    );
  });

  it("Compliance: caching with encryption (for the stage by reference, or by literal stage name); caching off; a stage without a cache cluster", () => {
    const byReference = { aws_api_gateway_stage: { prod: restStage({ cache_cluster_enabled: true, cache_cluster_size: "0.5" }) }, aws_api_gateway_method_settings: { all: methodSettings({ caching_enabled: true, cache_data_encrypted: true }) } };
    expect(flagged(apiGatewayCacheEncrypted, byReference)).toEqual([]);
    const byName = { aws_api_gateway_stage: { prod: restStage({ cache_cluster_enabled: true, cache_cluster_size: "0.5" }) }, aws_api_gateway_method_settings: { all: { ...methodSettings({ cache_data_encrypted: true }), stage_name: "prod" } } };
    expect(flagged(apiGatewayCacheEncrypted, byName)).toEqual([]);
    const off = { aws_api_gateway_stage: { prod: restStage({ cache_cluster_enabled: true, cache_cluster_size: "0.5" }) }, aws_api_gateway_method_settings: { all: methodSettings({ caching_enabled: false, metrics_enabled: true }) } };
    expect(flagged(apiGatewayCacheEncrypted, off)).toEqual([]);
    expect(flagged(apiGatewayCacheEncrypted, { aws_api_gateway_stage: { prod: restStage() } })).toEqual([]);
  });

  it("Unknown: encryption from a variable", () => {
    const resources = { aws_api_gateway_method_settings: { all: methodSettings({ caching_enabled: true, cache_data_encrypted: "${var.flag}" }) } };
    expect(findingsOf(apiGatewayCacheEncrypted, resources, { variable: FLAG })[0].severity).toBe("info");
  });

  it("warns below staging", () => {
    expect(findingsOf(apiGatewayCacheEncrypted, { aws_api_gateway_method_settings: { all: methodSettings({ caching_enabled: true, cache_data_encrypted: false }) } }, { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("ENV-ENC-037 API Gateway custom domains on TLS 1.2", () => {
  const domain = (attributes: Attributes) => ({ aws_api_gateway_domain_name: { api: { domain_name: "api.example.com", regional_certificate_arn: ref("aws_acm_certificate.api", "arn"), endpoint_configuration: [{ types: ["REGIONAL"] }], ...attributes } } });

  it("Noncompliance: unset (TLS_1_0 by default) and TLS_1_0", () => {
    expect(findingsOf(apiGatewayDomainTls, domain({}))[0].message).toBe(
      "security_policy is not set (API Gateway's default is TLS_1_0): clients may connect with TLS 1.0 and 1.1, which allow downgrade and decryption attacks",
    );
    expect(flagged(apiGatewayDomainTls, domain({ security_policy: "TLS_1_0" }))).toEqual(["aws_api_gateway_domain_name.api"]);
  });

  it("Compliance: TLS_1_2", () => {
    expect(flagged(apiGatewayDomainTls, domain({ security_policy: "TLS_1_2" }))).toEqual([]);
  });

  it("Unknown: from a variable", () => {
    expect(findingsOf(apiGatewayDomainTls, domain({ security_policy: "${var.text}" }), { variable: TEXT })[0].severity).toBe("info");
  });

  it("warns below staging", () => {
    expect(findingsOf(apiGatewayDomainTls, domain({}), { tier: "preview" })[0].severity).toBe("warning");
  });
});

describe("ENV-IAM-008 API Gateway methods ask for authorization or an API key", () => {
  const method = (attributes: Attributes) => ({ aws_api_gateway_method: { get: { rest_api_id: API, resource_id: ref("aws_api_gateway_resource.items"), http_method: "GET", authorization: "NONE", ...attributes } } });

  it("Noncompliance: NONE without an API key (unset, or false)", () => {
    expect(findingsOf(apiGatewayMethodAuthorization, method({}))[0].message).toBe(
      'authorization is "NONE" and api_key_required is not set (the provider default is false): anyone who can reach the API can call GET on it, and the backend behind it, without identifying themselves',
    );
    expect(flagged(apiGatewayMethodAuthorization, method({ http_method: "ANY", api_key_required: false }))).toEqual(["aws_api_gateway_method.get"]);
  });

  it("Compliance: IAM, a custom authorizer, an API key, an OPTIONS preflight, a method of a PRIVATE API", () => {
    expect(flagged(apiGatewayMethodAuthorization, method({ authorization: "AWS_IAM" }))).toEqual([]);
    expect(flagged(apiGatewayMethodAuthorization, method({ authorization: "CUSTOM", authorizer_id: ref("aws_api_gateway_authorizer.jwt") }))).toEqual([]);
    expect(flagged(apiGatewayMethodAuthorization, method({ api_key_required: true }))).toEqual([]);
    expect(flagged(apiGatewayMethodAuthorization, method({ http_method: "OPTIONS" }))).toEqual([]);
    const privateApi = { ...method({}), aws_api_gateway_rest_api: { api: { name: "internal", endpoint_configuration: [{ types: ["PRIVATE"] }] } } };
    expect(flagged(apiGatewayMethodAuthorization, privateApi)).toEqual([]);
  });

  it("Noncompliance: a method of a REGIONAL API is judged", () => {
    const regional = { ...method({}), aws_api_gateway_rest_api: { api: { name: "public", endpoint_configuration: [{ types: ["REGIONAL"] }] } } };
    expect(flagged(apiGatewayMethodAuthorization, regional)).toEqual(["aws_api_gateway_method.get"]);
  });

  it("Unknown: authorization from a variable", () => {
    expect(findingsOf(apiGatewayMethodAuthorization, method({ authorization: "${var.text}" }), { variable: TEXT })[0].severity).toBe("info");
  });

  it("warns below staging (public by design is waived with a reason)", () => {
    expect(findingsOf(apiGatewayMethodAuthorization, method({}), { tier: "dev" })[0].severity).toBe("warning");
  });
});

// OpenSearch / Elasticsearch --------------------------------------------------------------------

const LOGS = ref("aws_cloudwatch_log_group.search", "arn");

/** A domain that passes every search rule; each test spoils one thing. */
function domain(attributes: Attributes = {}, type: "aws_opensearch_domain" | "aws_elasticsearch_domain" = "aws_opensearch_domain") {
  const version = type === "aws_opensearch_domain" ? { engine_version: "OpenSearch_2.13" } : { elasticsearch_version: "7.10" };
  const name = type === "aws_opensearch_domain" ? "search" : "legacy";
  return {
    [type]: {
      [name]: defined({
        domain_name: name,
        ...version,
        vpc_options: [{ subnet_ids: [ref("aws_subnet.a"), ref("aws_subnet.b")], security_group_ids: [ref("aws_security_group.search")] }],
        domain_endpoint_options: [{ enforce_https: true, tls_security_policy: "Policy-Min-TLS-1-2-PFS-2023-10" }],
        log_publishing_options: [
          { log_type: "AUDIT_LOGS", cloudwatch_log_group_arn: LOGS },
          { log_type: "ES_APPLICATION_LOGS", cloudwatch_log_group_arn: LOGS },
        ],
        advanced_security_options: [{ enabled: true, master_user_options: [{ master_user_arn: ref("aws_iam_role.search_admin", "arn") }] }],
        ...attributes,
      }),
    },
  };
}

describe("ENV-NET-008 search domains in a VPC", () => {
  it("Noncompliance: no vpc_options (a public endpoint)", () => {
    expect(findingsOf(searchDomainInVpc, domain({ vpc_options: undefined }))[0].message).toBe("vpc_options is not declared: the domain has a public endpoint on the internet, guarded only by its access policy");
    expect(flagged(searchDomainInVpc, domain({ vpc_options: [{ subnet_ids: [] }] }, "aws_elasticsearch_domain"))).toEqual(["aws_elasticsearch_domain.legacy"]);
  });

  it("Compliance: subnets by reference (each, or a splat of a resource), on both domain types", () => {
    expect(flagged(searchDomainInVpc, { ...domain(), ...domain({}, "aws_elasticsearch_domain") })).toEqual([]);
    expect(flagged(searchDomainInVpc, domain({ vpc_options: [{ subnet_ids: "${aws_subnet.private[*].id}" }] }))).toEqual([]);
  });

  it("Unknown: the subnets from a variable (which may be empty)", () => {
    const [finding] = findingsOf(searchDomainInVpc, domain({ vpc_options: [{ subnet_ids: "${var.subnets}" }] }), { variable: { subnets: { type: "list(string)" } } });
    expect(finding).toMatchObject({ severity: "info", message: expect.stringMatching(/^vpc_options\.subnet_ids is "\$\{var\.subnets\}", which could not be resolved/) });
  });

  it("warns below staging", () => {
    expect(findingsOf(searchDomainInVpc, domain({ vpc_options: undefined }), { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("ENV-ENC-038 search domains enforce HTTPS with TLS 1.2", () => {
  it("Noncompliance: no domain_endpoint_options (AWS's defaults)", () => {
    expect(findingsOf(searchDomainHttps, domain({ domain_endpoint_options: undefined }))[0].message).toBe(
      "domain_endpoint_options is not declared: AWS's defaults neither enforce HTTPS nor refuse TLS 1.0, so clients may query the domain in plaintext or over outdated TLS",
    );
  });

  it("Noncompliance: HTTPS not enforced, an outdated policy, a policy left to AWS", () => {
    expect(findingsOf(searchDomainHttps, domain({ domain_endpoint_options: [{ enforce_https: false, tls_security_policy: "Policy-Min-TLS-1-0-2019-07" }] }))[0].message).toBe(
      "domain_endpoint_options: enforce_https is false, so clients may query the domain over plain HTTP; tls_security_policy Policy-Min-TLS-1-0-2019-07 accepts TLS 1.0 and 1.1: queries and the documents they return can be read or altered in transit",
    );
    expect(findingsOf(searchDomainHttps, domain({ domain_endpoint_options: [{ enforce_https: true }] }))[0].message).toMatch(/^domain_endpoint_options: tls_security_policy is not set \(AWS chooses it and Terraform does not track it\)/);
  });

  it("Compliance: enforce_https left to its default (true) with a TLS 1.2 policy, on both domain types", () => {
    expect(flagged(searchDomainHttps, domain({ domain_endpoint_options: [{ tls_security_policy: "Policy-Min-TLS-1-2-2019-07" }] }))).toEqual([]);
    expect(flagged(searchDomainHttps, domain({}, "aws_elasticsearch_domain"))).toEqual([]);
  });

  it("Unknown: enforce_https from a variable", () => {
    expect(findingsOf(searchDomainHttps, domain({ domain_endpoint_options: [{ enforce_https: "${var.flag}", tls_security_policy: "Policy-Min-TLS-1-2-2019-07" }] }), { variable: FLAG })[0].severity).toBe("info");
  });

  it("warns below staging", () => {
    expect(findingsOf(searchDomainHttps, domain({ domain_endpoint_options: undefined }), { tier: "test" })[0].severity).toBe("warning");
  });
});

describe("ENV-LOG-019 search domain audit logs, ENV-LOG-020 error logs", () => {
  const onlyErrors = [{ log_type: "ES_APPLICATION_LOGS", cloudwatch_log_group_arn: LOGS }];

  it("Noncompliance: no audit log; no error log; a disabled one", () => {
    expect(findingsOf(searchDomainAuditLogs, domain({ log_publishing_options: onlyErrors }))[0].message).toBe("no log_publishing_options publishes AUDIT_LOGS: who signed in, and who read or changed which index, is not recorded");
    expect(findingsOf(searchDomainErrorLogs, domain({ log_publishing_options: undefined }))[0].message).toMatch(/^no log_publishing_options publishes ES_APPLICATION_LOGS:/);
    const disabled = domain({ log_publishing_options: [{ log_type: "AUDIT_LOGS", cloudwatch_log_group_arn: LOGS, enabled: false }] }, "aws_elasticsearch_domain");
    expect(findingsOf(searchDomainAuditLogs, disabled)[0].message).toMatch(/^log_publishing_options AUDIT_LOGS has enabled = false:/);
  });

  it("Compliance: both published (enabled by default), on both domain types", () => {
    for (const rule of [searchDomainAuditLogs, searchDomainErrorLogs]) {
      expect(flagged(rule, { ...domain(), ...domain({}, "aws_elasticsearch_domain") })).toEqual([]);
    }
  });

  it("Unknown: enabled, or the log type, from a variable", () => {
    const enabled = domain({ log_publishing_options: [{ log_type: "AUDIT_LOGS", cloudwatch_log_group_arn: LOGS, enabled: "${var.flag}" }] });
    expect(findingsOf(searchDomainAuditLogs, enabled, { variable: FLAG })[0].severity).toBe("info");
    const logType = domain({ log_publishing_options: [{ log_type: "${var.text}", cloudwatch_log_group_arn: LOGS }] });
    expect(findingsOf(searchDomainErrorLogs, logType, { variable: TEXT })[0].severity).toBe("info");
  });

  it("run in staging and prod only", () => {
    expect(flagged(searchDomainAuditLogs, domain({ log_publishing_options: undefined }), { tier: "dev" })).toEqual([]);
    expect(flagged(searchDomainErrorLogs, domain({ log_publishing_options: undefined }), { tier: "staging" })).toEqual(["aws_opensearch_domain.search"]);
  });
});

describe("ENV-IAM-007 search domains use fine-grained access control", () => {
  it("Noncompliance: no advanced_security_options; disabled", () => {
    expect(findingsOf(searchDomainFineGrainedAccess, domain({ advanced_security_options: undefined }))[0].message).toBe(
      "advanced_security_options is not declared (fine-grained access control is off): every principal the access policy admits may read and write every index",
    );
    expect(findingsOf(searchDomainFineGrainedAccess, domain({ advanced_security_options: [{ enabled: false }] }, "aws_elasticsearch_domain"))[0].message).toMatch(/^advanced_security_options\.enabled is false/);
  });

  it("Compliance: enabled with a master role (internal user database or not)", () => {
    expect(flagged(searchDomainFineGrainedAccess, domain())).toEqual([]);
    expect(flagged(searchDomainFineGrainedAccess, domain({ advanced_security_options: [{ enabled: "true", internal_user_database_enabled: true }] }))).toEqual([]);
  });

  it("Unknown: enabled from a variable", () => {
    expect(findingsOf(searchDomainFineGrainedAccess, domain({ advanced_security_options: [{ enabled: "${var.flag}" }] }), { variable: FLAG })[0].severity).toBe("info");
  });

  it("warns below staging", () => {
    expect(findingsOf(searchDomainFineGrainedAccess, domain({ advanced_security_options: undefined }), { tier: "dev" })[0].severity).toBe("warning");
  });
});

// Classic load balancers ------------------------------------------------------------------------

const HTTPS_LISTENER = { instance_port: 8080, instance_protocol: "HTTP", lb_port: 443, lb_protocol: "HTTPS", ssl_certificate_id: ref("aws_acm_certificate.web", "arn") };
const elb = (attributes: Attributes) => ({ aws_elb: { web: { availability_zones: ["eu-west-1a", "eu-west-1b"], listener: [HTTPS_LISTENER], ...attributes } } });

describe("ENV-NET-009 classic load balancer listeners use HTTPS or SSL", () => {
  const http = { instance_port: 8080, instance_protocol: "HTTP", lb_port: 80, lb_protocol: "HTTP" };

  it("Noncompliance: an HTTP listener on an internet-facing ELB, an error in every tier", () => {
    const [finding] = findingsOf(classicLoadBalancerListenerTls, elb({ listener: [HTTPS_LISTENER, http] }), { tier: "dev" });
    expect(finding).toMatchObject({ severity: "error", message: "listener[1] (HTTP on port 80) carries traffic in the clear to and from the internet (the load balancer is internet-facing)" });
  });

  it("Noncompliance: plain TCP (lower case, as the provider accepts it); on an internal ELB a warning below staging", () => {
    const tcp = { instance_port: 5432, instance_protocol: "tcp", lb_port: 5432, lb_protocol: "tcp" };
    expect(flagged(classicLoadBalancerListenerTls, elb({ listener: [tcp] }))).toEqual(["aws_elb.web"]);
    const [internal] = findingsOf(classicLoadBalancerListenerTls, elb({ internal: true, listener: [http] }), { tier: "dev" });
    expect(internal).toMatchObject({ severity: "warning", message: "listener[0] (HTTP on port 80) carries traffic in the clear inside the VPC (the load balancer is internal)" });
    expect(findingsOf(classicLoadBalancerListenerTls, elb({ internal: true, listener: [http] }))[0].severity).toBe("error");
  });

  it("Compliance: HTTPS and SSL listeners; TCP on 443 (TLS passed through to the instances)", () => {
    const ssl = { instance_port: 5671, instance_protocol: "TCP", lb_port: 5671, lb_protocol: "SSL", ssl_certificate_id: ref("aws_acm_certificate.mq", "arn") };
    const passthrough = { instance_port: 443, instance_protocol: "TCP", lb_port: 443, lb_protocol: "TCP" };
    expect(flagged(classicLoadBalancerListenerTls, elb({ listener: [HTTPS_LISTENER, ssl] }))).toEqual([]);
    expect(flagged(classicLoadBalancerListenerTls, elb({ listener: [passthrough] }))).toEqual([]);
  });

  it("Unknown: the protocol from a variable", () => {
    expect(findingsOf(classicLoadBalancerListenerTls, elb({ listener: [{ ...HTTPS_LISTENER, lb_protocol: "${var.text}" }] }), { variable: TEXT })[0].severity).toBe("info");
  });
});

describe("ENV-LOG-002 load balancer access logs, extended to classic load balancers", () => {
  it("Noncompliance: a classic ELB without access_logs, or with them disabled", () => {
    expect(findingsOf(loadBalancerAccessLogs, elb({}))[0].message).toBe("access_logs is not configured: requests through the load balancer leave no record");
    expect(flagged(loadBalancerAccessLogs, elb({ access_logs: [{ bucket: "acme-lb-logs", enabled: false }] }))).toEqual(["aws_elb.web"]);
  });

  it("Compliance: a classic ELB with a bucket (enabled defaults to true on aws_elb)", () => {
    expect(flagged(loadBalancerAccessLogs, elb({ access_logs: [{ bucket: ref("aws_s3_bucket.logs"), interval: 60 }] }))).toEqual([]);
  });

  it("Noncompliance: an ALB with a bucket but enabled unset (the provider default is false on aws_lb)", () => {
    expect(findingsOf(loadBalancerAccessLogs, { aws_lb: { web: { name: "web", subnets: [ref("aws_subnet.a"), ref("aws_subnet.b")], access_logs: [{ bucket: "acme-lb-logs" }] } } })[0].message).toBe(
      "access_logs.enabled is not set (the provider default is false, even with a bucket): requests through the load balancer leave no record",
    );
  });

  it("Unknown: enabled from a variable", () => {
    expect(findingsOf(loadBalancerAccessLogs, elb({ access_logs: [{ bucket: "acme-lb-logs", enabled: "${var.flag}" }] }), { variable: FLAG })[0].severity).toBe("info");
  });

  it("runs in staging and prod only", () => {
    expect(flagged(loadBalancerAccessLogs, elb({}), { tier: "dev" })).toEqual([]);
  });
});
