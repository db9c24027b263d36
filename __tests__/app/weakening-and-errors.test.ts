import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketAcl } from "@cdktf/provider-aws/lib/s3-bucket-acl";
import { createEnvironmentApp, runApp, synthesizeAll, SynthValidationError } from "../../stacks/app";
import { EnvkitInputError, EXIT } from "../../lib/core/errors";
import { lastPolicyReport } from "../../stacks/synth/aspect";
import { waive, WaiverError } from "../../stacks/synth/waive";
import { evaluate, loadTerraformJson } from "../../policies/engine";
import { PolicyInputError } from "../../policies/errors";
import { baseline, definePolicy } from "../../policies/packs";
import { fail, type Rule } from "../../policies/rule";
import { ALL_RULES } from "../../policies/rules/all-rules";
import type { EnvironmentStack } from "../../stacks/environment-stack";
import { ORG, specFor, stackFor, synthError } from "../helpers/fixtures";

const NOW = new Date("2026-11-26T12:00:00Z");
const clock = () => NOW;

function appWith(...specs: Parameters<typeof specFor>[]) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "envkit-weak-"));
  const { app, stacks } = createEnvironmentApp(ORG, specs.map((s) => specFor(...s)), { app: { outdir }, policy: { clock } });
  return { app, stacks: stacks as EnvironmentStack[], outdir };
}

const warningsOf = (stack: EnvironmentStack) => stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data)));

describe("a weakened control below prod is visible, and never blocks", () => {
  it("staging: a shorter backup retention synthesizes, with a warning that names the override", () => {
    const { app, stacks } = appWith(["staging", { overrides: { lifecycle: { backupRetentionDays: 3 } } }]);
    expect(() => synthesizeAll(app)).not.toThrow();
    const finding = lastPolicyReport(stacks[0])!.findings.find((f) => f.ruleId === "ENV-BAK-001")!;
    expect(finding.severity).toBe("warning");
    expect(finding.message).toContain("backup_retention_period is 3 days; the staging tier requires at least 7 days");
    expect(finding.message).toContain("declared weakening: overrides.lifecycle.backupRetentionDays = 3 in environment staging; the staging tier keeps backupRetentionDays of at least 7");
    expect(warningsOf(stacks[0])).toEqual(expect.arrayContaining([expect.stringContaining("environment staging weakens its staging baseline: overrides.lifecycle.backupRetentionDays = 3")]));
  });

  it("dev: turning flow logs off is printed at synth, though no rule runs on it in dev", () => {
    const { app, stacks } = appWith(["dev", { overrides: { security: { vpcFlowLogs: false } } }]);
    synthesizeAll(app);
    expect(warningsOf(stacks[0])).toEqual([expect.stringContaining("environment dev weakens its dev baseline: overrides.security.vpcFlowLogs = false (turning vpcFlowLogs off; the tier keeps vpcFlowLogs on)")]);
  });

  it("plain Terraform that weakens the same control without declaring it is judged at the tier's full severity", () => {
    const json = { provider: { aws: [{ default_tags: [{ tags: { tier: "staging" } }] }] }, resource: { aws_db_instance: { db: { backup_retention_period: 3, storage_encrypted: true } } } };
    const report = evaluate(definePolicy(), [loadTerraformJson(json, { stackName: "legacy", now: NOW })], { now: NOW });
    expect(report.findings.find((f) => f.ruleId === "ENV-BAK-001")).toMatchObject({ severity: "error" });
  });

  it("a prod stack whose metadata declares a weakening stays an error, and the message names the override", () => {
    const json = {
      "//": { envkit: { environment: "prod", tier: "prod", weakenedControls: [{ field: "lifecycle.backupRetentionDays", value: 3, baseline: "backupRetentionDays of at least 35" }], waivers: [] } },
      provider: { aws: [{ default_tags: [{ tags: { tier: "prod" } }] }] },
      resource: { aws_db_instance: { db: { backup_retention_period: 3 } } },
    };
    const finding = evaluate(definePolicy(), [loadTerraformJson(json, { stackName: "env-prod", now: NOW })], { now: NOW }).findings.find((f) => f.ruleId === "ENV-BAK-001")!;
    expect(finding.severity).toBe("error");
    expect(finding.message).toContain("caused by overrides.lifecycle.backupRetentionDays = 3 in environment prod; prod keeps backupRetentionDays of at least 35: remove the override");
  });
});

describe("exposure is an error in every tier", () => {
  it("rejects a public-read bucket in dev at synth, not with a warning", () => {
    const { app, stacks } = appWith(["dev"]);
    const bucket = new S3Bucket(stacks[0], "site", { bucket: "acme-dev-site" });
    new S3BucketAcl(stacks[0], "site-acl", { bucket: bucket.id, acl: "public-read" });
    expect(() => synthesizeAll(app)).toThrow(/\[ENV-PUB-001\] aws_s3_bucket_acl\.site-acl/);
  });

  it("makes every public-exposure and secrets rule an error in every tier", () => {
    for (const rule of ALL_RULES.filter((r) => r.category === "public-exposure" || r.category === "secrets")) {
      expect([rule.id, Object.values(rule.severity)]).toEqual([rule.id, ["error", "error", "error", "error", "error"]]);
    }
  });
});

describe("errors are typed and teach, never stack traces", () => {
  const customRule = (id: string): Rule => ({ id, category: "cost", title: "A custom rule of the team", severity: baseline.rules[0].severity, appliesTo: ["aws_s3_bucket"], equivalents: {}, remediation: "Do the thing the rule asks.", check: () => fail("no") });

  it("rejects a user rule that reuses a built-in id, naming it and the fix (it was silently dropped)", () => {
    expect(() => definePolicy({ rules: [customRule("ENV-ENC-001")] })).toThrow(PolicyInputError);
    expect(() => definePolicy({ rules: [customRule("ENV-ENC-001")] })).toThrow(/rules: rule id ENV-ENC-001 is a built-in rule's id; give your rule its own id \(for example ACME-COST-001\)/);
  });

  it("rejects two different user rules with one id", () => {
    expect(() => definePolicy({ rules: [customRule("ACME-X-001"), customRule("ACME-X-001")] })).toThrow(/rule id ACME-X-001 is also used by a different rule/);
  });

  it("rejects unknown rule ids and bad tiers in definePolicy, all at once", () => {
    expect(() => definePolicy({ disable: { "ENV-NOPE-001": ["dev"], "ENV-ENC-001": ["qa" as never] } })).toThrow(/2 problems:\n  - unknown rule id ENV-NOPE-001[^\n]*\n  - disable\.ENV-ENC-001: must be "\*" or a list of tiers/);
  });

  it("rejects waive() without an expiry with a WaiverError naming the construct path", () => {
    const stack = stackFor(specFor("dev"));
    const call = () => waive(stack, { ruleId: "ENV-ENC-001", reason: "legacy", owner: "data" } as never);
    expect(call).toThrow(WaiverError);
    expect(call).toThrow(/Invalid waiver on env-dev:\n  - waiver 0 \(ENV-ENC-001\): expires is required/);
  });

  it.each([
    ["definePolicy with an unknown rule id", () => definePolicy({ disable: { "ENV-NOPE-001": "*" } }), /unknown rule id ENV-NOPE-001/],
    ["waive() without an expiry", () => waive(stackFor(specFor("dev")), { ruleId: "ENV-ENC-001", reason: "r", owner: "o" } as never), /expires is required/],
  ])("runApp prints %s as a message and exits 2", (_name, main, message) => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
    try {
      runApp(main);
      expect(process.exitCode).toBe(EXIT.badInput);
    } finally {
      spy.mockRestore();
      process.exitCode = 0;
    }
    expect(written.join("")).toMatch(message);
    expect(written.join("")).not.toMatch(/\n\s+at /);
  });

  it("names an expired construct waiver in the synth's error output", () => {
    const { app, stacks } = appWith(["prod"]);
    const bucket = new S3Bucket(stacks[0], "legacy", { bucket: "acme-prod-legacy" });
    waive(bucket, { ruleId: "ENV-PUB-004", reason: "import", owner: "data-team", expires: "2026-11-01" });
    const error = synthError(app);
    expect(error).toBeInstanceOf(SynthValidationError);
    expect((error as Error).message).toContain("[ENV-PUB-004] aws_s3_bucket.legacy at env-prod/legacy: bucket has no aws_s3_bucket_public_access_block");
    expect((error as Error).message).toContain("(the waiver of ENV-PUB-004 for env-prod/legacy/* (owner data-team) expired on 2026-11-01)");
  });

  it("reports an unused construct waiver at synth", () => {
    const { app, stacks } = appWith(["dev"]);
    waive(stacks[0].resources.data, { ruleId: "ENV-ENC-001", reason: "not needed any more", ticket: "PLAT-1", expires: "2027-01-01" });
    synthesizeAll(app);
    expect(warningsOf(stacks[0])).toEqual(expect.arrayContaining([expect.stringMatching(/^unused waiver: ENV-ENC-001 for env-dev\/environment\/data\/\* \(expires 2027-01-01\) matched no finding; delete it$/)]));
  });

  it("gives every library error an exit code: 2 for input the user can fix", () => {
    expect(new PolicyInputError("x").exitCode).toBe(EXIT.badInput);
    expect(new WaiverError("x")).toBeInstanceOf(EnvkitInputError);
  });
});

describe("Testing.synth stays usable", () => {
  it("synthesizes a stack whose construct waivers live in its metadata", () => {
    const stack = stackFor(specFor("dev"));
    waive(stack.resources.data, { ruleId: "ENV-ENC-001", reason: "r", owner: "o", expires: "2027-01-01" });
    expect(() => Testing.synth(stack)).not.toThrow();
  });
});
