import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { createEnvironmentApp, synthesizeAll } from "../../stacks/app";
import { runCheck } from "../../controller/cli/commands/check";
import { ENVIRONMENT_MANIFEST_FILE } from "../../stacks/app/manifest";
import { parseEnvironmentManifest } from "../../controller/manifest/read-manifest";
import { lastPolicyReport } from "../../stacks/synth/aspect";
import { waive } from "../../stacks/synth/waive";
import type { Finding } from "../../policies/engine";
import { baseline, definePolicy, production } from "../../policies/packs";
import { fail, pass, type Rule } from "../../policies/rule";
import type { EnvironmentStack } from "../../stacks/environment-stack";
import { ORG, specFor } from "../helpers/fixtures";

const NOW = new Date("2026-11-26T12:00:00Z");

/** A custom rule: code that only the synth can run. */
const natCostRule: Rule = {
  id: "ACME-COST-001",
  category: "cost",
  title: "NAT gateways are counted against the budget",
  severity: { preview: "warning", dev: "warning", test: "warning", staging: "warning", prod: "warning" },
  appliesTo: ["aws_nat_gateway"],
  equivalents: {},
  remediation: "Share one NAT gateway (sizing.nat = single) where the tier allows it.",
  check: (resource) => (resource.type === "aws_nat_gateway" ? fail("a NAT gateway costs about $33 a month before data") : pass()),
};

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "envkit-manifest-"));
}

/** GIVEN an app with a custom policy, a construct waiver and a weakened control. */
function customApp(outdir: string) {
  const policy = definePolicy({
    packs: [baseline, production],
    rules: [natCostRule],
    disable: { "ENV-LOG-001": ["staging"] },
    severity: { "ENV-VER-001": { dev: "error" } },
  });
  const { app, stacks } = createEnvironmentApp(ORG, [specFor("dev", { overrides: { lifecycle: { backupRetentionDays: 0 } } }), specFor("staging", { overrides: { lifecycle: { backupRetentionDays: 3 } } })], {
    app: { outdir },
    policy: { config: policy, clock: () => NOW },
  });
  const [dev, staging] = stacks as [EnvironmentStack, EnvironmentStack];
  for (const stack of [dev, staging]) {
    const bucket = new S3Bucket(stack, "legacy", { bucket: `acme-${stack.environment.name}-legacy` });
    new S3BucketPublicAccessBlock(stack, "legacy-pab", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketServerSideEncryptionConfigurationA(stack, "legacy-sse", { bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    waive(bucket, { ruleId: "ENV-VER-001", reason: "write-once import bucket", ticket: "PLAT-7", expires: "2027-01-31" });
  }
  return { app, dev, staging };
}

const comparable = (f: Finding) => [f.stack, f.ruleId, f.resource, f.severity, f.waived].join(" ");

describe("the environment manifest", () => {
  it("is written with every synth: each environment's tier, stacks, owner, lifecycle, backend, weakened controls, policy and waivers", () => {
    const outdir = scratch();
    const { app } = customApp(outdir);
    synthesizeAll(app);
    const manifest = parseEnvironmentManifest(JSON.parse(fs.readFileSync(path.join(outdir, ENVIRONMENT_MANIFEST_FILE), "utf8")), "test");
    expect(manifest.environments.map((e) => [e.name, e.tier, e.owner, e.backend.type, e.expiresAt])).toEqual([
      ["dev", "dev", "platform-team", "local", null],
      ["staging", "staging", "platform-team", "local", null],
    ]);
    const staging = manifest.environments[1];
    expect(staging.stacks.map((s) => s.name)).toEqual(["env-staging"]);
    expect(staging.weakenedControls.map((w) => [w.field, w.value])).toEqual([["lifecycle.backupRetentionDays", 3]]);
    expect(staging.stacks[0].policy.customRules).toEqual(["ACME-COST-001"]);
    expect(staging.stacks[0].policy.tiers.staging["ENV-LOG-001"]).toBeUndefined();
    expect(staging.stacks[0].policy.tiers.dev["ENV-VER-001"]).toBe("error");
    expect(staging.stacks[0].waivers).toEqual([expect.objectContaining({ ruleId: "ENV-VER-001", constructPath: "env-staging/legacy", ticket: "PLAT-7" })]);
    expect(staging.stacks[0].synthFindings.map((f) => f.ruleId)).toEqual(["ACME-COST-001", "ACME-COST-001", "ACME-COST-001"]);
  });

  it("is the same file on every synth of the same code (no clock, no paths of the machine)", () => {
    const [a, b] = [scratch(), scratch()];
    synthesizeAll(customApp(a).app);
    synthesizeAll(customApp(b).app);
    expect(fs.readFileSync(path.join(a, ENVIRONMENT_MANIFEST_FILE), "utf8")).toBe(fs.readFileSync(path.join(b, ENVIRONMENT_MANIFEST_FILE), "utf8"));
  });
});

describe("envctl check over cdktf.out judges each stack as its synth did", () => {
  it("gives the same findings as the synth: the user's packs, disabled rules, severities, construct waivers and custom-rule findings", () => {
    const outdir = scratch();
    const { app, dev, staging } = customApp(outdir);
    synthesizeAll(app);
    const synthFindings = [dev, staging].flatMap((s) => lastPolicyReport(s)!.findings);
    const out: string[] = [];
    const outcome = runCheck({ dir: outdir, format: "json" }, { cwd: outdir, now: () => NOW, stdout: (t) => out.push(t), stderr: () => undefined, stdoutIsTty: false, env: {} });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.report!.findings.map(comparable).sort()).toEqual(synthFindings.map(comparable).sort());
    // What the synth saw, in detail: the waived bucket, the custom rule, the declared weakening as a warning.
    expect(synthFindings.map(comparable)).toEqual(
      expect.arrayContaining([
        "env-dev ENV-VER-001 aws_s3_bucket.legacy error true",
        "env-staging ENV-BAK-001 aws_db_instance.environment_database_instance_C3927743 warning false",
        "env-staging ACME-COST-001 aws_nat_gateway.environment_network_nat-eu-west-1c_92B43BFE warning false",
      ]),
    );
    expect(synthFindings.some((f) => f.ruleId === "ENV-LOG-001")).toBe(false);
    expect(outcome.report!.notes.join("\n")).toContain("custom rule(s) ACME-COST-001 are code that ran at synth only");
  });

  it("without the environment manifest, judges by the built-in packs and says so", () => {
    const outdir = scratch();
    synthesizeAll(customApp(outdir).app);
    fs.rmSync(path.join(outdir, ENVIRONMENT_MANIFEST_FILE));
    const outcome = runCheck({ dir: outdir, format: "json" }, { cwd: outdir, now: () => NOW, stdout: () => undefined, stderr: () => undefined, stdoutIsTty: false, env: {} });
    expect(outcome.report!.findings.some((f) => f.ruleId === "ACME-COST-001")).toBe(false);
    expect(outcome.report!.notes.join("\n")).toContain(`has no ${ENVIRONMENT_MANIFEST_FILE}`);
  });
});
