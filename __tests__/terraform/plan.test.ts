import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { buildApp } from "../../main";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { evaluate } from "../../policies/engine";
import { loadPlan, loadTerraformJson } from "../../policies/loaders";
import { estimateCost } from "../../policies/cost/estimate";
import { shippedPriceTable } from "../../policies/cost/price-table";
import { TIER_USAGE } from "../../lib/core/usage";
import { definePolicy } from "../../policies/packs";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { offlineWorkdir, terraformVersion, type OfflineWorkdir } from "../helpers/offline-terraform";

/**
 * Real Terraform, real AWS provider: every AWS stack of the example
 * organization must init from the provider mirror, validate and plan offline.
 * These tests never skip: without Terraform they fail.
 */

// dev/test: key 2, log groups 4, network 19 (2 zones, 1 NAT), buckets 15, database 5, parameters 7; staging/prod add a zone and two NATs (+9);
// prod adds its promotion guard: in a fresh checkout no release has been promoted to it.
const PLANNED_RESOURCES: Record<string, number> = { "env-dev": 63, "env-test": 63, "env-staging": 76, "env-prod": 81, bootstrap: 9 };

interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly action: string;
}

interface PlannedStack {
  /** What `terraform plan -json` reported as diagnostics (warnings and errors): Terraform validates the configuration as it plans. */
  readonly diagnostics: { severity: string; summary: string }[];
  /** Every resource change of the plan, from its machine-readable stream. */
  readonly changes: PlannedChange[];
  /** The whole plan as `terraform show -json` gives it, for the stacks whose plan is scanned and priced. */
  readonly plan?: { resource_changes: { address: string; type: string; change: { actions: string[] } }[] };
  readonly resourceCount: number;
}

/** The stacks whose plan the policy engine and the cost estimate read (the others are counted from the plan's stream only). */
const SCANNED = ["env-dev", "env-prod"];

function synthesizedStacks(): Record<string, object> {
  const outdir = fs.mkdtempSync(path.join(require("os").tmpdir(), "envkit-synth-"));
  const app = buildApp(outdir);
  new BootstrapStack(app, { stateBucketName: "acme-terraform-state", region: "eu-west-1", account: "999999999999", owner: "platform-team", costCentre: "cc-1001" });
  app.synth();
  const stacks: Record<string, object> = {};
  for (const name of fs.readdirSync(path.join(outdir, "stacks"))) {
    stacks[name] = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return stacks;
}

async function planStack(name: string, json: any): Promise<PlannedStack> {
  const work: OfflineWorkdir = offlineWorkdir(json);
  try {
    await work.runner.init(work.dir);
    // One run of the provider per step: the plan validates as it goes, and its JSON stream lists diagnostics and changes.
    const planned = await work.runner.exec(work.dir, ["plan", "-input=false", "-lock=false", "-json", "-out=plan.out"]);
    const messages = planned.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    const diagnostics = messages.filter((m) => m.type === "diagnostic").map((m) => ({ severity: m.diagnostic.severity, summary: m.diagnostic.summary }));
    const changes = messages.filter((m) => m.type === "planned_change").map((m) => ({ address: m.change.resource.addr, type: m.change.resource.resource_type, action: m.change.action }));
    expect({ name, code: planned.code }).toEqual({ name, code: 0 });
    const plan = SCANNED.includes(name) ? ((await work.runner.showPlan(work.dir, "plan.out")) as PlannedStack["plan"]) : undefined;
    const resourceCount = Object.values(json.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    return { diagnostics, changes, plan, resourceCount };
  } finally {
    work.cleanup();
  }
}

describe("real Terraform: plan every AWS stack offline", () => {
  const results: Record<string, PlannedStack> = {};
  let stacks: Record<string, object> = {};

  beforeAll(async () => {
    expect(terraformVersion()).toMatch(/^Terraform v1\./);
    stacks = synthesizedStacks();
    // No Kubernetes provider binary exists here: the Kubernetes stacks are checked by synth, policy and assertions (__tests__/kubernetes).
    const names = Object.keys(stacks).filter((name) => !name.endsWith("-k8s"));
    expect(Object.keys(stacks).filter((name) => name.endsWith("-k8s")).sort()).toEqual(["env-dev-k8s", "env-prod-k8s", "env-staging-k8s", "env-test-k8s"]);
    // Two at a time: the machine has two cores and each plan starts a provider process.
    for (let i = 0; i < names.length; i += 2) {
      const batch = names.slice(i, i + 2);
      const planned = await Promise.all(batch.map((name) => planStack(name, stacks[name])));
      batch.forEach((name, j) => (results[name] = planned[j]));
    }
  }, 300_000);

  it("planned the four environments and the bootstrap stack", () => {
    expect(Object.keys(results).sort()).toEqual(["bootstrap", "env-dev", "env-prod", "env-staging", "env-test"]);
  });

  it.each(Object.keys(PLANNED_RESOURCES))("%s: plans with no diagnostics, not even a warning (Terraform validates the configuration as it plans)", (stack) => {
    expect(results[stack].diagnostics).toEqual([]);
  });

  it.each(Object.entries(PLANNED_RESOURCES))("%s: plans %d resources to create and nothing else", (stack, count) => {
    const changes = results[stack].changes.filter((c) => !c.address.startsWith("data."));
    expect(changes.length).toBe(count);
    expect(changes.every((c) => c.action === "create")).toBe(true);
    expect(results[stack].resourceCount).toBe(count);
  });

  it("plans per-zone NAT in prod and one shared NAT in dev", () => {
    const nats = (stack: string) => results[stack].changes.filter((c) => c.type === "aws_nat_gateway").length;
    expect(nats("env-prod")).toBe(3);
    expect(nats("env-dev")).toBe(1);
  });

  it.each(SCANNED)("%s: its real plan passes the same policies as its synth", (stack) => {
    const now = new Date("2026-11-26T12:00:00Z");
    const model = loadPlan(results[stack].plan!, { stackName: stack, now });
    expect(model.tier).toBe(stack.replace("env-", ""));
    expect(model.resources).toHaveLength(PLANNED_RESOURCES[stack]);
    const report = evaluate(definePolicy(), [model], { now });
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it.each(SCANNED)("%s: its real plan costs what its synthesized configuration costs, to the cent", (stack) => {
    const now = new Date("2026-11-26T12:00:00Z");
    const tier = stack.replace("env-", "") as "dev" | "prod";
    const fromPlan = estimateCost([loadPlan(results[stack].plan!, { stackName: stack, now })], shippedPriceTable(), TIER_USAGE[tier]);
    const fromSynth = estimateCost([loadTerraformJson(stacks[stack], { stackName: stack, now })], shippedPriceTable(), TIER_USAGE[tier]);
    expect(fromPlan.unpriced).toEqual([]);
    expect(fromPlan.monthlyUsd).toBeGreaterThan(0);
    expect(fromPlan.monthlyUsd).toBe(fromSynth.monthlyUsd);
    expect(fromPlan.lines.map((l) => [l.resource, l.monthlyUsd])).toEqual(fromSynth.lines.map((l) => [l.resource, l.monthlyUsd]));
  });
});

describe("real Terraform: a plan with an unencrypted bucket", () => {
  it("is scanned and fails ENV-ENC-001 for prod", async () => {
    const app = buildApp(fs.mkdtempSync(path.join(require("os").tmpdir(), "envkit-raw-")));
    const prod = app.node.findChild("env-prod") as any;
    new S3Bucket(prod, "raw-bucket", { bucket: "acme-raw-bucket" });
    const work = offlineWorkdir(JSON.parse(Testing.synth(prod)));
    try {
      await work.runner.init(work.dir);
      await work.runner.plan(work.dir, "plan.out");
      const plan = await work.runner.showPlan(work.dir, "plan.out");
      const now = new Date("2026-11-26T12:00:00Z");
      const report = evaluate(definePolicy(), [loadPlan(plan, { stackName: "env-prod", now })], { now });
      const errors = report.findings.filter((f) => f.severity === "error");
      expect(errors.map((f) => `${f.ruleId} ${f.resource}`)).toEqual(expect.arrayContaining(["ENV-ENC-001 aws_s3_bucket.raw-bucket"]));
    } finally {
      work.cleanup();
    }
  }, 120_000);
});

describe("real Terraform: the account guard", () => {
  it("refuses to plan when the credentials' account is not the environment's", async () => {
    const stack = JSON.parse(Testing.synth(buildApp(fs.mkdtempSync(path.join(require("os").tmpdir(), "envkit-guard-"))).node.findChild("env-dev") as any));
    const work = offlineWorkdir(stack);
    try {
      // Keep the guard: the offline override removes it, so put it back in a later override file.
      fs.writeFileSync(path.join(work.dir, "zz_guard_override.tf.json"), JSON.stringify({ provider: { aws: { allowed_account_ids: ["111111111111"] } } }));
      await work.runner.init(work.dir);
      const result = await work.runner.exec(work.dir, ["plan", "-input=false", "-no-color", "-lock=false"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/AWS account ID not allowed/);
    } finally {
      work.cleanup();
    }
  }, 120_000);

});
