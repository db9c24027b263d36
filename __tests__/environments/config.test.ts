import { resolveEnvironments } from "../../lib/environments/resolve";
import type { EnvironmentSpec, OrgDefaults } from "../../lib/environments/types";
import { credentialFindings } from "../../lib/core/credentials";
import { ORG, specFor, specProblems } from "../helpers/fixtures";
import { k8sSpec, named, resourcesOf, synthesize } from "../kubernetes/helpers";

const CONFIG: OrgDefaults["config"] = {
  base: { "log-level": "info", "feature-flags": "none", "payments-api-key": { secret: "acme/payments/api-key" } },
  tiers: { dev: { "log-level": "debug" }, prod: { "log-level": "warn" } },
};
const ORG_WITH_CONFIG: OrgDefaults = { ...ORG, config: CONFIG };

const problemsOf = (specs: readonly EnvironmentSpec[], org: OrgDefaults = ORG_WITH_CONFIG) => specProblems(specs, org);

describe("one configuration: the organization's base, then the tier's, then the environment's own", () => {
  const [dev, staging, prod] = resolveEnvironments(ORG_WITH_CONFIG, [specFor("dev", { config: { "feature-flags": "beta-ui" } }), specFor("staging"), specFor("prod")]);

  it("layers the values, the most specific winning", () => {
    expect(dev.config).toEqual({ "log-level": "debug", "feature-flags": "beta-ui", "payments-api-key": "secretsmanager:acme/payments/api-key" });
    expect(staging.config).toMatchObject({ "log-level": "info", "feature-flags": "none" });
    expect(prod.config).toMatchObject({ "log-level": "warn", "feature-flags": "none" });
  });

  it("publishes a secret as a reference, and keeps the secrets referenced by key", () => {
    expect(prod.config["payments-api-key"]).toBe("secretsmanager:acme/payments/api-key");
    expect(prod.secretConfig).toEqual({ "payments-api-key": "acme/payments/api-key" });
  });
});

describe("one source, two destinations: SSM and the ConfigMap get the same keys and values, a secret only as its reference", () => {
  it("writes the same key set, values and references to both", () => {
    const synthWithConfig = synthesizeWithConfig();
    const parameters = Object.fromEntries(resourcesOf(synthWithConfig.stack("env-dev"), "aws_ssm_parameter").map((p) => [p.name.replace("/acme/dev/", ""), p]));
    const data = named(synthWithConfig.stack("env-dev-k8s"), "kubernetes_config_map_v1", "environment-config").data;
    for (const key of ["log-level", "feature-flags", "payments-api-key"]) {
      expect([key, data[key]]).toEqual([key, parameters[key].value]);
      expect(parameters[key].type).toBe("SecureString");
    }
    expect(data["payments-api-key"]).toBe("secretsmanager:acme/payments/api-key");
    // Nothing that would put a secret's value in the state.
    expect(Object.keys(synthWithConfig.stack("env-dev").resource).filter((type) => type.startsWith("aws_secretsmanager"))).toEqual([]);
  });

  it("lets each service's IAM role read the secrets its config references, and no other", () => {
    const roles = synthesizeWithConfig("prod").stack("env-prod").data.aws_iam_policy_document;
    const read = Object.entries(roles as Record<string, { statement: { sid: string; actions: string[]; resources: string[] }[] }>).find(([name]) => name.includes("api-read"))![1];
    expect(read.statement.find((s) => s.sid === "ReadReferencedSecrets")).toEqual(
      expect.objectContaining({ actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: [expect.stringMatching(/^arn:\$\{data\.aws_partition\.[A-Za-z0-9_-]+\.partition\}:secretsmanager:eu-west-1:444444444444:secret:acme\/payments\/api-key-\?{6}$/)] }),
    );
  });
});

function synthesizeWithConfig(tier: "dev" | "prod" = "dev") {
  const cluster = tier === "prod" ? { cluster: { type: "eks" as const, name: "acme-prod", oidcProviderArn: "arn:aws:iam::444444444444:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789" } } : undefined;
  const spec = k8sSpec(tier, { config: { "log-level": "debug", "feature-flags": "beta-ui", "payments-api-key": { secret: "acme/payments/api-key" } }, ...(cluster ? { kubernetes: cluster } : {}) });
  return synthesize([spec]);
}

describe("config parity: a key set in one environment is set in every one", () => {
  it("names each environment missing a key, and where it is set, all at once", () => {
    const problems = problemsOf([specFor("dev", { config: { "new-checkout": "on", "cache-ttl": "60" } }), specFor("test", { config: { "cache-ttl": "60" } }), specFor("prod")]);
    expect(problems).toEqual([
      { environment: "test", field: "config.new-checkout", message: expect.stringMatching(/^is missing here but set in dev; set it here, set it once for every environment in the organization's config\.base \(or config\.tiers\.test\), or declare it environment-specific in config\.environmentSpecific$/) },
      { environment: "prod", field: "config.new-checkout", message: expect.stringContaining("is missing here but set in dev;") },
      { environment: "prod", field: "config.cache-ttl", message: expect.stringContaining("is missing here but set in dev, test;") },
    ]);
  });

  it("accepts a key declared environment-specific, and a key set for everyone in the base", () => {
    const org: OrgDefaults = { ...ORG_WITH_CONFIG, config: { ...CONFIG, environmentSpecific: ["debug-endpoint"] } };
    expect(() => resolveEnvironments(org, [specFor("dev", { config: { "debug-endpoint": "http://10.10.0.5:9000" } }), specFor("prod")])).not.toThrow();
  });

  it("a key set only for one tier is missing in the others", () => {
    const org: OrgDefaults = { ...ORG, config: { tiers: { prod: { "pager-route": "sre" } } } };
    expect(problemsOf([specFor("staging"), specFor("prod")], org)).toEqual([{ environment: "staging", field: "config.pager-route", message: expect.stringContaining("set in prod") }]);
  });
});

describe("config: bad input", () => {
  it("refuses a value that is neither a string nor a secret reference, and a malformed secret", () => {
    const problems = problemsOf([specFor("dev", { config: { port: 8080 as unknown as string, token: { secret: "not a secret name!" }, other: { value: "x" } as unknown as string } })]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ environment: "dev", field: "config.port", message: 'config values must be strings, or { secret: "<Secrets Manager name or ARN>" }' }),
        expect.objectContaining({ environment: "dev", field: "config.token.secret", message: "must be a Secrets Manager secret name (letters, digits, / _ + = . @ -) or ARN" }),
        expect.objectContaining({ environment: "dev", field: "config.other" }),
      ]),
    );
  });

  it("refuses a credential written into the organization's base, naming the key and pointing to a secret reference", () => {
    const org: OrgDefaults = { ...ORG, config: { base: { "db-password": "hunter2hunter2" } } };
    expect(problemsOf([specFor("dev")], org)).toEqual(expect.arrayContaining([expect.objectContaining({ environment: "dev", field: "config.db-password", message: expect.stringContaining('reference the secret instead, { secret: "<name or ARN>" }') })]));
  });

  it("refuses an unknown tier in the organization's config", () => {
    const org = { ...ORG, config: { tiers: { qa: { x: "1" } } } } as unknown as OrgDefaults;
    expect(problemsOf([specFor("dev")], org)).toEqual(expect.arrayContaining([{ environment: "(organization)", field: "config.tiers.qa", message: "is not a known field; check its spelling against OrgDefaults" }]));
  });
});

describe("config: a published secret reference is not a secret", () => {
  it("passes the credential detector (ENV-SEC-004 and the spec check), while a real key under the same name does not", () => {
    expect(credentialFindings("payments-api-key", "secretsmanager:acme/payments/api-key")).toEqual([]);
    expect(credentialFindings("payments-api-key", "secretsmanager:arn:aws:secretsmanager:eu-west-1:444444444444:secret:acme/payments/api-key-AbC123")).toEqual([]);
    expect(credentialFindings("payments-api-key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc")).toEqual(["a Stripe secret key"]);
  });
});
