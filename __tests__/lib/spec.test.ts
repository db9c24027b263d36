import { EnvironmentSpecError, type SpecProblem } from "../../lib/environments/errors";
import { ephemeral, resolveEnvironment, resolveEnvironments } from "../../lib/environments/resolve";
import type { EnvironmentSpec } from "../../lib/environments/types";
import { TIER_PROFILES } from "../../lib/core/tiers";
import { CREATED_AT, ORG, specFor } from "../helpers/fixtures";

/** The problems a resolution reports, or fails the test when it succeeds. */
function problemsOf(specs: readonly unknown[], org = ORG): SpecProblem[] {
  try {
    resolveEnvironments(org, specs as EnvironmentSpec[]);
  } catch (error) {
    if (error instanceof EnvironmentSpecError) return [...error.problems];
    throw error;
  }
  throw new Error("expected the specs to be rejected");
}

function expectProblem(problems: SpecProblem[], environment: string, field: string, text: RegExp): void {
  expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ environment, field, message: expect.stringMatching(text) })]));
}

describe("resolveEnvironments: resolution", () => {
  it("layers org defaults, then the tier profile, then overrides", () => {
    const env = resolveEnvironment(ORG, specFor("dev", { overrides: { sizing: { dbInstanceClass: "db.t4g.small" }, lifecycle: { logRetentionDays: 30 } } }));
    expect(env.region).toBe("eu-west-1");
    expect(env.owner).toBe("platform-team");
    expect(env.sizing.dbInstanceClass).toBe("db.t4g.small");
    expect(env.sizing.nat).toBe(TIER_PROFILES.dev.sizing.nat);
    expect(env.retention.logRetentionDays).toBe(30);
    expect(env.retention.backupRetentionDays).toBe(TIER_PROFILES.dev.lifecycle.backupRetentionDays);
  });

  it("spans exactly the tier's number of zones", () => {
    expect(resolveEnvironment(ORG, specFor("dev")).availabilityZones).toEqual(["eu-west-1a", "eu-west-1b"]);
    expect(resolveEnvironment(ORG, specFor("prod")).availabilityZones).toHaveLength(3);
  });

  it("sets every default tag, with expires-at only on ephemeral environments", () => {
    const persistent = resolveEnvironment(ORG, specFor("dev"));
    expect(persistent.tags).toEqual({
      environment: "dev",
      tier: "dev",
      owner: "platform-team",
      "cost-centre": "cc-1001",
      "managed-by": "cdktf-envkit",
      lifecycle: "persistent",
    });
    const preview = resolveEnvironment(ORG, specFor("preview"));
    expect(preview.tags.lifecycle).toBe("ephemeral");
    expect(preview.tags["expires-at"]).toBe("2026-11-22T09:00:00Z");
  });

  it("records weakened controls below prod instead of rejecting them", () => {
    const env = resolveEnvironment(ORG, specFor("dev", { overrides: { security: { vpcFlowLogs: false } } }));
    expect(env.weakenedControls.map((w) => [w.field, w.value])).toEqual([["security.vpcFlowLogs", false]]);
    expect(env.security.vpcFlowLogs).toBe(false);
  });

  it("returns frozen results", () => {
    const env = resolveEnvironment(ORG, specFor("prod"));
    expect(Object.isFrozen(env)).toBe(true);
    expect(Object.isFrozen(env.tags)).toBe(true);
  });

  it("computes an ephemeral expiry from the recorded creation time, not the clock", () => {
    expect(ephemeral(CREATED_AT, 48)).toEqual({ kind: "ephemeral", createdAt: CREATED_AT, ttlHours: 48 });
    const env = resolveEnvironment(ORG, specFor("preview", { lifecycle: ephemeral(CREATED_AT, 48) }));
    expect(env.lifecycle).toEqual({ kind: "ephemeral", createdAt: CREATED_AT, expiresAt: "2026-11-22T09:00:00Z" });
    expect(env.tags["created-at"]).toBe(CREATED_AT);
  });
});

describe("resolveEnvironments: bad input", () => {
  it("rejects an unknown tier", () => {
    expectProblem(problemsOf([{ ...specFor("dev"), tier: "qa" }]), "dev", "tier", /must be one of preview, dev, test, staging, prod/);
  });

  it("rejects a name that is not DNS-safe", () => {
    expectProblem(problemsOf([specFor("dev", { name: "Dev_Env" })]), "Dev_Env", "name", /DNS-safe/);
  });

  it("rejects a name that is too long", () => {
    const name = "a".repeat(25);
    expectProblem(problemsOf([specFor("dev", { name })]), name, "name", /at most 24 characters/);
  });

  it.each([
    ["10.0.0.0/33", /prefix length above 32/],
    ["10.0.0.300/16", /octet above 255/],
    ["not-a-cidr", /not an IPv4 CIDR block/],
    ["10.0.1.0/16", /host bits set; the network address is 10.0.0.0\/16/],
    ["10.0.0.0/8", /must be \/16 to \/24/],
  ])("rejects the invalid CIDR %s", (cidr, text) => {
    expectProblem(problemsOf([specFor("dev", { cidr })]), "dev", "cidr", text);
  });

  it("rejects a CIDR overlapping another environment's", () => {
    const problems = problemsOf([specFor("dev", { cidr: "10.10.0.0/16" }), specFor("test", { cidr: "10.10.128.0/20" })]);
    expectProblem(problems, "test", "cidr", /10.10.128.0\/20 overlaps 10.10.0.0\/16 of environment "dev"/);
  });

  it("rejects prod with an expiry", () => {
    const spec = specFor("prod", { lifecycle: { kind: "ephemeral", createdAt: CREATED_AT, expiresAt: "2026-11-21T09:00:00Z" } });
    expectProblem(problemsOf([spec]), "prod", "lifecycle.kind", /always persistent and takes no expiry/);
  });

  it("rejects an ephemeral environment without an expiry", () => {
    const spec = { ...specFor("dev"), lifecycle: { kind: "ephemeral", createdAt: CREATED_AT } };
    expectProblem(problemsOf([spec]), "dev", "lifecycle", /exactly one of expiresAt .* and ttlHours/);
  });

  it("rejects an expiry beyond the tier's maximum TTL", () => {
    const spec = specFor("preview", { lifecycle: { kind: "ephemeral", createdAt: CREATED_AT, expiresAt: "2026-11-28T09:00:00Z" } });
    expectProblem(problemsOf([spec]), "preview", "lifecycle.expiresAt", /192h after createdAt 2026-11-20T09:00:00Z; tier preview allows at most 168h.*latest allowed expiry is 2026-11-27T09:00:00Z/);
  });

  it("rejects a TTL beyond the tier's maximum", () => {
    expectProblem(problemsOf([specFor("preview", { lifecycle: ephemeral(CREATED_AT, 8 * 24) })]), "preview", "lifecycle.ttlHours", /192h is more than tier preview allows \(at most 168h/);
  });

  it("rejects an expiry before the creation time", () => {
    const spec = specFor("dev", { lifecycle: { kind: "ephemeral", createdAt: CREATED_AT, expiresAt: "2026-11-19T09:00:00Z" } });
    expectProblem(problemsOf([spec]), "dev", "lifecycle.expiresAt", /is not after createdAt/);
  });

  it("rejects a persistent declaration without a reason", () => {
    const spec = { ...specFor("dev"), lifecycle: { kind: "persistent" } };
    expectProblem(problemsOf([spec]), "dev", "lifecycle.reason", /is required: why the environment must stay/);
  });

  it("rejects a persistent declaration on a tier that forbids it", () => {
    const spec = specFor("preview", { lifecycle: { kind: "persistent", reason: "keep it" } });
    expectProblem(problemsOf([spec]), "preview", "lifecycle.kind", /tier preview is always ephemeral/);
  });

  it.each([
    [{ lifecycle: { deletionProtection: false } }, "overrides.lifecycle.deletionProtection"],
    [{ security: { encryptionAtRest: false } }, "overrides.security.encryptionAtRest"],
    [{ lifecycle: { backupRetentionDays: 7 } }, "overrides.lifecycle.backupRetentionDays"],
    [{ sizing: { dbMultiAz: false } }, "overrides.sizing.dbMultiAz"],
  ])("rejects a prod override that weakens the baseline: %j", (overrides, field) => {
    expectProblem(problemsOf([specFor("prod", { overrides })]), "prod", field, /weakens the prod baseline/);
  });

  it.each(["dev", "staging", "prod"] as const)("rejects an override that exposes the %s environment to the internet, in every tier", (tier) => {
    const problems = problemsOf([specFor(tier, { overrides: { security: { dbPrivate: false, s3BlockPublicAccess: false, publicIngressPorts: [80, 443, 22] } } })]);
    for (const field of ["overrides.security.dbPrivate", "overrides.security.s3BlockPublicAccess", "overrides.security.publicIngressPorts"]) {
      expectProblem(problems, tier, field, /exposes the environment to the internet, which no tier allows/);
    }
  });

  it("rejects a missing owner", () => {
    const { owner: _unused, ...org } = ORG;
    expectProblem(problemsOf([specFor("dev")], org), "dev", "owner", /is required: name the accountable team/);
  });

  it("rejects duplicate environment names", () => {
    const problems = problemsOf([specFor("dev"), specFor("test", { name: "dev" })]);
    expectProblem(problems, "dev", "name", /duplicates the name of environment #0/);
  });

  it("rejects prod without an account guard", () => {
    expectProblem(problemsOf([specFor("prod", { account: undefined })]), "prod", "account", /required on prod/);
  });

  it("rejects zones outside the region and too few zones for the tier", () => {
    const problems = problemsOf([specFor("prod", { availabilityZones: ["eu-west-1a", "us-east-1b"] })]);
    expectProblem(problems, "prod", "availabilityZones", /zone "us-east-1b" is not in region eu-west-1/);
    expectProblem(problems, "prod", "availabilityZones", /lists 2 zone\(s\) but tier prod spans 3/);
  });

  it("rejects unknown fields, which are usually typos", () => {
    expectProblem(problemsOf([{ ...specFor("dev"), cidrr: "10.0.0.0/16" }]), "dev", "cidrr", /is not a known field/);
  });

  it("rejects tags that would replace the library's own", () => {
    expectProblem(problemsOf([specFor("dev", { tags: { owner: "someone" } })]), "dev", "tags.owner", /set by the library/);
  });

  it("lists every problem of every environment at once", () => {
    const problems = problemsOf([specFor("dev", { cidr: "bad" }), { ...specFor("prod"), tier: "qa" }, specFor("test", { name: "Test" })]);
    expect(problems.map((p) => `${p.environment}:${p.field}`)).toEqual(expect.arrayContaining(["dev:cidr", "prod:tier", "Test:name"]));
  });

  it("lists a bad zone with a bad name and account, not after they are fixed", () => {
    const problems = problemsOf([specFor("staging", { name: "Staging", account: "12", availabilityZones: ["eu-west-1a", "eu-west-1b", "us-east-1c"] })]);
    expect(problems.map((p) => p.field).sort()).toEqual(["account", "availabilityZones", "name"]);
    expectProblem(problems, "Staging", "availabilityZones", /zone "us-east-1c" is not in region eu-west-1/);
  });

  it("lists a missing staging account and too few zones beside a schema problem", () => {
    const { account: _account, ...withoutAccount } = specFor("staging", { cidr: "10.30.0.0/33", availabilityZones: ["eu-west-1a"] });
    const problems = problemsOf([withoutAccount]);
    expect(problems.map((p) => p.field).sort()).toEqual(["account", "availabilityZones", "cidr"]);
    expectProblem(problems, "staging", "availabilityZones", /lists 1 zone\(s\) but tier staging spans 3/);
  });

  it("names the environment and the field in the error message", () => {
    expect(() => resolveEnvironments(ORG, [specFor("dev", { cidr: "10.0.0.0/33" })])).toThrow(
      /Invalid environment specification \(1 problem\); nothing was synthesized:\n  - environment "dev", field "cidr": "10.0.0.0\/33" has a prefix length above 32/,
    );
  });
});
