import { Testing } from "cdktf";
import { defineEnvironments } from "../../stacks/app";
import { EnvironmentSpecError, type SpecProblem } from "../../lib/environments/errors";
import { ephemeral, resolveEnvironments } from "../../lib/environments/resolve";
import type { EnvironmentSpec, OrgDefaults } from "../../lib/environments/types";
import { ORG, specFor } from "../helpers/fixtures";

/** The problems of a resolution; fails when it succeeds or throws anything but an EnvironmentSpecError. */
function problems(specs: unknown, org: unknown = ORG): SpecProblem[] {
  try {
    resolveEnvironments(org as OrgDefaults, specs as EnvironmentSpec[]);
  } catch (error) {
    if (error instanceof EnvironmentSpecError) return [...error.problems];
    throw error;
  }
  throw new Error("expected the spec to be rejected");
}

const fields = (found: SpecProblem[]) => found.map((p) => `${p.environment} ${p.field}`);

describe("inputs that crashed the synth with a stack trace get a clear error", () => {
  it.each([
    ["a name with a doubled hyphen (RDS refuses it)", [specFor("dev", { name: "pr--1" })], "pr--1 name"],
    ["an organization with a doubled hyphen", [specFor("dev")], "(organization) organization", { ...ORG, organization: "a--b" }],
    ["an organization AWS reserves (sthree-)", [specFor("dev")], "(organization) organization", { ...ORG, organization: "sthree" }],
    ["specs that are not an array", { name: "dev" }, "(organization) specs"],
    ["an organization that is null", [specFor("dev")], "(organization) (root)", null],
    ["ephemeral() with NaN hours", [specFor("preview", { lifecycle: ephemeral("2026-11-20T09:00:00Z", Number.NaN) })], "preview lifecycle.ttlHours"],
    ["ephemeral() with a huge number of hours", [specFor("preview", { lifecycle: ephemeral("2026-11-20T09:00:00Z", 1e300) })], "preview lifecycle.ttlHours"],
    ["ephemeral() with an invalid date", [specFor("preview", { lifecycle: ephemeral("2026-02-30T09:00:00Z", 24) })], "preview lifecycle.createdAt"],
    ["a CIDR with leading zeros (Terraform refuses it)", [specFor("dev", { cidr: "010.10.0.0/16" })], "dev cidr"],
    ["an empty config value (SSM refuses it)", [specFor("dev", { config: { flag: "" } })], "dev config.flag"],
    ["a config value over 4 KB (a standard parameter's limit)", [specFor("dev", { config: { blob: "x".repeat(4097) } })], "dev config.blob"],
    ["a tag key AWS reserves", [specFor("dev", { tags: { "aws:owner": "x" } })], "dev tags.aws:owner"],
    ["a tag value with characters AWS refuses", [specFor("dev", { tags: { team: "a;b" } })], "dev tags.team"],
    ["more tags than AWS allows with the library's own", [specFor("dev", { tags: Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`t${i}`, "v"])) })], "dev tags"],
    ["an owner AWS cannot hold in a tag", [specFor("dev", { owner: "team;drop" })], "dev owner"],
  ])("rejects %s", (_name, specs, field, org = ORG) => {
    expect(fields(problems(specs, org))).toContain(field);
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"])("synthesizes a config key named %s, published under its own name", (key) => {
    const app = Testing.app();
    const [stack] = defineEnvironments(app, ORG, [specFor("dev", { config: JSON.parse(`{"${key}": "v"}`) })]);
    const parameters = Object.values(JSON.parse(Testing.synth(stack)).resource.aws_ssm_parameter) as { name: string; value: string }[];
    expect(parameters.filter((p) => p.name === `/acme/dev/${key}`).map((p) => p.value)).toEqual(["v"]);
  });
});

describe("credentials never reach the synth", () => {
  it.each([
    [{ config: { "db-password": "hunter2" } }, "dev config.db-password", /a secret-like name with a literal value/],
    [{ config: { "deploy-key": "AKIAIOSFODNN7EXAMPLE" } }, "dev config.deploy-key", /an AWS access key id/],
    [{ config: { tls: "-----BEGIN RSA PRIVATE KEY-----\nMIIE" } }, "dev config.tls", /a private key/],
    [{ config: { db: "postgres://app:s3cret@db.internal/app" } }, "dev config.db", /a URL with a password/],
    [{ tags: { "api-token": "t0k3n" } }, "dev tags.api-token", /tags are readable by anyone/],
  ])("rejects %j in every tier, without echoing the value", (changes, field, message) => {
    const found = problems([specFor("dev", changes as Partial<EnvironmentSpec>)]);
    expect(fields(found)).toContain(field);
    const problem = found.find((p) => `${p.environment} ${p.field}` === field)!;
    expect(problem.message).toMatch(message);
    expect(problem.message).toContain(field.includes("config") ? "AWS Secrets Manager" : "remove it");
    for (const secret of ["hunter2", "AKIAIOSFODNN7EXAMPLE", "MIIE", "s3cret", "t0k3n"]) expect(problem.message).not.toContain(secret);
  });

  it("accepts the settings a config really holds, including names that only look alarming", () => {
    expect(() => resolveEnvironments(ORG, [specFor("dev", { config: { "token-ttl": "3600", "password-policy": "strict", "db-password-arn": "arn:aws:secretsmanager:eu-west-1:111111111111:secret:db", "feature-flags": "beta-ui,new-billing" } })])).not.toThrow();
  });
});
