import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../controller/cli/main";
import type { CommandContext } from "../../controller/cli/io";
import { TIER_PROFILES } from "../../lib/core/tiers";
import { buildApp } from "../../main";
import SHIPPED from "../../policies/cost/prices.json";
import { specFor } from "../helpers/fixtures";
import { DECLARED, lifecycleProject } from "../lifecycle/helpers";

const NOW = new Date("2026-12-01T00:00:00Z");

describe("envctl cost over cdktf.out", () => {
  const project = lifecycleProject();
  beforeAll(() => project.synth(NOW));

  it("prints the documented JSON: per environment its total, budget, priced resources with their basis, and the unpriced", async () => {
    const { code, stdout } = await project.envctl(["cost", "--format", "json"], NOW);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.prices).toEqual({ source: SHIPPED.source, date: SHIPPED.date, currency: "USD", region: "us-east-1" });
    expect(report.environments.map((e: any) => e.name)).toEqual(["dev", "prod"]);
    for (const env of report.environments) {
      expect(Object.keys(env)).toEqual(expect.arrayContaining(["name", "tier", "monthlyUsd", "budgetUsd", "resources", "unpriced"]));
      expect(env.budgetUsd).toBe(TIER_PROFILES[env.tier as "dev" | "prod"].sizing.monthlyBudgetUsd);
      expect(env.unpriced).toEqual([]);
      expect(env.monthlyUsd).toBeCloseTo(env.resources.reduce((s: number, r: any) => s + r.monthlyUsd, 0), 6);
      for (const r of env.resources) expect(Object.keys(r)).toEqual(["resource", "type", "monthlyUsd", "basis"]);
    }
    // The fixtures' dev has no Kubernetes stack: everything it costs is in its budget's scope.
    expect(report.environments[0]).toMatchObject({ monthlyUsd: 58.9, budgetedUsd: 58.9, usage: { source: "environment", storageGb: 20 } });
  });

  it("prints a table per environment, with the usage it assumed and the notes a reader needs", async () => {
    const { code, stdout } = await project.envctl(["cost", "dev"], NOW);
    expect(code).toBe(0);
    expect(stdout).toMatch(/│ dev\s+│ dev\s+│ \$58\.90\s+│ \$58\.90\s+│ \$300\.00\s+│ 20%\s+│ 0\s+│/);
    expect(stdout).toContain("usage assumed (environment): 20 GB stored, 5 GB logs/month, 20 GB through NAT/month");
    expect(stdout).toContain("4 x aws_cloudwatch_log_group ($0.64 each)");
    expect(stdout).toContain("Note: prices are us-east-1's");
    expect(stdout).not.toContain("prod (prod)");
  });

  it("refuses unknown environments, all named, with the ones that exist (exit 2)", async () => {
    const { code, stderr } = await project.envctl(["cost", "dev", "qa", "uat"], NOW);
    expect(code).toBe(2);
    expect(stderr).toBe("envctl cost: unknown environments qa, uat. Environments: dev, prod.\n");
  });

  it("refuses a malformed price table with every problem, and prints no report (exit 2)", async () => {
    const prices = join(project.dir, "prices.json");
    writeFileSync(prices, JSON.stringify({ ...SHIPPED, date: "June 2026", kms: { perKeyMonth: -1 } }));
    const { code, stdout, stderr } = await project.envctl(["cost", "--prices", "prices.json"], NOW);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/^envctl cost: --prices prices\.json is not a valid price table \(2 problems\):\n {2}- date: must be a date, YYYY-MM-DD\n {2}- kms\.perKeyMonth: /);
    writeFileSync(prices, "{ not json");
    expect(await project.envctl(["cost", "--prices", "prices.json"], NOW)).toMatchObject({ code: 2, stderr: expect.stringContaining("--prices prices.json: not valid JSON") });
  });

  it("uses a team's own price table", async () => {
    const prices = join(project.dir, "eu-prices.json");
    writeFileSync(prices, JSON.stringify({ ...SHIPPED, region: "eu-west-1", natGateway: { hourly: 0.048, perGbProcessed: 0.048 } }));
    const report = JSON.parse((await project.envctl(["cost", "dev", "--prices", "eu-prices.json", "--format", "json"], NOW)).stdout);
    expect(report.prices.region).toBe("eu-west-1");
    expect(report.environments[0].resources.find((r: any) => r.type === "aws_nat_gateway").monthlyUsd).toBe(36); // 730 x $0.048 + 20 GB x $0.048
    expect(report.notes.some((n: string) => n.startsWith("prices are"))).toBe(false);
  });
});

describe("envctl cost --file: any Terraform JSON or plan", () => {
  const dir = mkdtempSync(join(tmpdir(), "envkit-cost-file-"));
  const run = async (args: string[]) => {
    let stdout = "";
    let stderr = "";
    const context: CommandContext = { cwd: dir, now: () => NOW, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdoutIsTty: false, env: {} };
    return { code: await main(args, context), stdout, stderr };
  };

  it("prices what it can and lists the rest as unpriced, with why", async () => {
    writeFileSync(join(dir, "legacy.tf.json"), JSON.stringify({ resource: { aws_nat_gateway: { a: { allocation_id: "x", subnet_id: "y" } }, aws_instance: { web: { ami: "ami-1", instance_type: "t3.micro" } }, aws_vpc: { v: { cidr_block: "10.0.0.0/16" } } } }));
    const { code, stdout } = await run(["cost", "--file", "legacy.tf.json", "--format", "json"]);
    expect(code).toBe(0);
    const [env] = JSON.parse(stdout).environments;
    expect(env).toMatchObject({ name: "legacy", tier: "prod", budgetUsd: null, unpriced: ["aws_instance.web"], unpricedReasons: { "aws_instance.web": "the price table has no price for this resource type" }, noCharge: ["aws_vpc.v"] });
    expect(env.resources.map((r: any) => [r.resource, r.monthlyUsd])).toEqual([["aws_nat_gateway.a", 77.85]]); // 730 x $0.045 + 1000 GB (prod's assumption) x $0.045
    expect(JSON.parse(stdout).notes).toEqual(["1 resource(s) could not be priced and are not in the totals (listed as unpriced, with why)"]);
  });

  it("refuses environment names beside --file, and a file that is not Terraform (exit 2)", async () => {
    expect(await run(["cost", "dev", "--file", "legacy.tf.json"])).toMatchObject({ code: 2, stderr: expect.stringContaining("environment names (dev) and --file exclude each other") });
    writeFileSync(join(dir, "other.json"), JSON.stringify({ hello: "world" }));
    expect(await run(["cost", "--file", "other.json"])).toMatchObject({ code: 2, stderr: expect.stringContaining("not Terraform JSON") });
    expect(await run(["cost", "--format", "yaml"])).toMatchObject({ code: 2, stderr: expect.stringContaining('--format "yaml" is not one of table, json, markdown') });
  });
});

describe("envctl cost --advise", () => {
  const project = lifecycleProject();
  beforeAll(() => {
    const oversized = specFor("dev", { overrides: { sizing: { dbInstanceClass: "db.r6g.large", dbMultiAz: true, dbAllocatedStorageGiB: 100, dbMaxAllocatedStorageGiB: 200, nat: "per-az", monthlyBudgetUsd: 2000 }, lifecycle: { logRetentionDays: 365 } } });
    project.synth(NOW, {}, [oversized, DECLARED[1]]);
  });

  it("names each setting that costs more than the tier needs, with what changing it saves", async () => {
    const report = JSON.parse((await project.envctl(["cost", "dev", "--advise", "--format", "json"], NOW)).stdout);
    const advice = Object.fromEntries(report.environments[0].advice.map((a: any) => [a.setting + (a.setting.includes("log") ? ` ${a.resource}` : ""), a]));
    expect(advice["overrides.sizing.dbInstanceClass"]).toMatchObject({ current: "db.r6g.large", suggested: "db.t4g.micro (the dev preset)", monthlySavingUsd: 305.14 }); // ($0.225 - $0.016) x 730 h x 2
    expect(advice["overrides.sizing.dbMultiAz"]).toMatchObject({ current: "true", monthlySavingUsd: 175.75 }); // the standby: 730 x $0.225 + 100 GB x $0.115
    expect(advice["overrides.sizing.dbAllocatedStorageGiB"]).toMatchObject({ current: "100 GiB", monthlySavingUsd: 18.4 }); // 80 GB x $0.115 x 2
    expect(advice["overrides.sizing.nat"]).toMatchObject({ current: '"per-az" (2 NAT gateways)', monthlySavingUsd: 36.5 }); // one NAT gateway and its address: 730 x ($0.045 + $0.005)
    const logs = report.environments[0].advice.filter((a: any) => a.setting === "overrides.lifecycle.logRetentionDays");
    expect(logs).toHaveLength(4);
    expect(logs[0]).toMatchObject({ current: "365 days", suggested: "14 days (the dev preset)", monthlySavingUsd: 0.44 }); // 1.25 GB/month x (365 - 14)/30 months x $0.03
    expect(report.environments[0].advice.map((a: any) => a.monthlySavingUsd)).toEqual([...report.environments[0].advice.map((a: any) => a.monthlySavingUsd)].sort((a: number, b: number) => b - a));
  });

  it("has nothing to say about an environment at its tier's preset", async () => {
    const { stdout } = await project.envctl(["cost", "prod", "--advise"], NOW);
    expect(stdout).toContain("Advice: nothing costs more than the prod tier needs.");
  });
});

describe("the cost table of docs/cost.md", () => {
  it("is what `envctl cost --format markdown` prints for the example app today", async () => {
    const dir = mkdtempSync(join(tmpdir(), "envkit-readme-cost-"));
    buildApp(join(dir, "cdktf.out")).synth();
    let stdout = "";
    const code = await main(["cost", "--format", "markdown"], { cwd: dir, now: () => NOW, stdout: (t) => (stdout += t), stderr: () => undefined, stdoutIsTty: false, env: {} });
    expect(code).toBe(0);
    const readme = readFileSync(join(__dirname, "../../docs/cost.md"), "utf8");
    const block = /<!-- cost-table:start[^>]*-->\n([\s\S]*?)<!-- cost-table:end -->/.exec(readme);
    expect(block?.[1]).toBe(stdout);
  });
});

describe("envctl cost shows input safely", () => {
  it("strips terminal control sequences that a resource's name carries from the table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "envkit-cost-escape-"));
    const file = join(dir, "hostile.tf.json");
    writeFileSync(file, JSON.stringify({ resource: { aws_kms_key: { "key\u001b]0;pwned\u0007\u001b[31m": {} } } }));
    let stdout = "";
    const context: CommandContext = { cwd: dir, now: () => NOW, stdout: (t) => (stdout += t), stderr: () => undefined, stdoutIsTty: true, env: {} };
    expect(await main(["cost", "--file", file], context)).toBe(0);
    expect(stdout).toContain("aws_kms_key.key");
    expect(stdout).not.toMatch(/[\u001b\u0007]/);
  });
});
