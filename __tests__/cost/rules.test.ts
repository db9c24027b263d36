import { Testing } from "cdktf";
import type { Tier } from "../../lib/core/tiers";
import { defineEnvironments } from "../../stacks/app";
import { findingsOf } from "../../stacks/synth";
import { evaluate } from "../../policies/engine";
import { loadTerraformJson } from "../../policies/loaders";
import { definePolicy } from "../../policies/packs";
import { ORG, specFor, stackFor, synthError } from "../helpers/fixtures";

const NOW = new Date("2026-12-01T00:00:00Z");
const findings = (resource: Record<string, Record<string, unknown>>, tier: Tier, ruleId: string) =>
  evaluate(definePolicy(), [loadTerraformJson({ resource }, { stackName: "legacy", now: NOW, tier })], { now: NOW }).findings.filter((f) => f.ruleId === ruleId);

describe("ENV-COST-001: the estimate fits the budget", () => {
  it("passes every tier's own preset, below 80% of its budget", () => {
    for (const tier of ["preview", "dev", "test", "staging", "prod"] as const) expect(findingsOf(stackFor(specFor(tier))).filter((f) => f.ruleId === "ENV-COST-001")).toEqual([]);
  });

  it("stops the synth when a dev override blows the budget, naming the top cost drivers", () => {
    const oversized = specFor("dev", { overrides: { sizing: { dbInstanceClass: "db.r6g.xlarge", dbMultiAz: true } } });
    const [finding] = findingsOf(stackFor(oversized)).filter((f) => f.ruleId === "ENV-COST-001");
    // (730 h x $0.45 + 20 GB x $0.115) x 2 = $661.60 for the database alone, against a $300 budget.
    expect(finding).toMatchObject({ severity: "error", category: "cost", resource: expect.stringMatching(/^aws_budgets_budget\./) });
    expect(finding.message).toMatch(/^the stack's estimated cost is \$7\d\d\.\d\d\/month, 2\d\d% of its \$300\.00 budget; top cost drivers: aws_db_instance\.environment_database_instance_[A-Z0-9]+ \$661\.60, aws_nat_gateway\./);
    const app = Testing.app();
    defineEnvironments(app, ORG, [oversized]);
    expect(synthError(app).message).toContain("[ENV-COST-001]");
  });

  it("warns from 80% of the budget, and the synth goes on", () => {
    // dev's preset is estimated at $58.90: 84% of a $70 budget.
    const [finding] = findingsOf(stackFor(specFor("dev", { overrides: { sizing: { monthlyBudgetUsd: 70 } } }))).filter((f) => f.ruleId === "ENV-COST-001");
    expect(finding).toMatchObject({ severity: "warning", message: expect.stringContaining("$58.90/month, 84% of its $70.00 budget") });
  });

  it("prices with the environment's own usage assumptions", () => {
    // 20,000 GB in two buckets at $0.023/GB-month is $460 on top of the preset: over the $300 budget.
    const [finding] = findingsOf(stackFor(specFor("dev", { usage: { storageGb: 20_000 } }))).filter((f) => f.ruleId === "ENV-COST-001");
    expect(finding).toMatchObject({ severity: "error", message: expect.stringContaining("top cost drivers: aws_s3_bucket.") });
  });

  it("judges a budget in plain Terraform too: a limit it cannot read is reported at info, a usage budget is not a cost budget", () => {
    const nat = { aws_nat_gateway: { a: { allocation_id: "eipalloc-1", subnet_id: "subnet-1" } } };
    expect(findings({ ...nat, aws_budgets_budget: { b: { budget_type: "COST", limit_amount: "30", limit_unit: "USD", time_unit: "MONTHLY" } } }, "prod", "ENV-COST-001")).toMatchObject([{ severity: "error" }]);
    expect(findings({ ...nat, aws_budgets_budget: { b: { budget_type: "COST", limit_amount: "${var.limit}", limit_unit: "USD", time_unit: "MONTHLY" } } }, "prod", "ENV-COST-001")).toMatchObject([{ severity: "info" }]);
    expect(findings({ ...nat, aws_budgets_budget: { b: { budget_type: "USAGE", limit_amount: "1", limit_unit: "GB", time_unit: "MONTHLY" } } }, "prod", "ENV-COST-001")).toEqual([]);
  });
});

describe("ENV-LOG-004: databases have alarms", () => {
  const db = { aws_db_instance: { main: { identifier: "orders", engine: "postgres", instance_class: "db.r6g.large", storage_encrypted: true, deletion_protection: true, backup_retention_period: 35 } } };
  const alarm = (metric: string, identifier: string) => ({ namespace: "AWS/RDS", metric_name: metric, dimensions: { DBInstanceIdentifier: identifier }, comparison_operator: "GreaterThanThreshold", threshold: 1, evaluation_periods: 1, period: 60, statistic: "Average" });
  const three = (identifier: string) => ({
    aws_cloudwatch_metric_alarm: { cpu: alarm("CPUUtilization", identifier), storage: alarm("FreeStorageSpace", identifier), connections: alarm("DatabaseConnections", identifier) },
  });

  it("is an error in prod for a database no alarm watches, naming the missing metrics", () => {
    expect(findings(db, "prod", "ENV-LOG-004")).toMatchObject([{ severity: "error", message: "no alarm watches its CPUUtilization, FreeStorageSpace, DatabaseConnections: an outage would be noticed by its users first" }]);
  });

  it("passes alarms that name the instance by its identifier, literally or by reference, as configuration and plans write it", () => {
    expect(findings({ ...db, ...three("orders") }, "prod", "ENV-LOG-004")).toEqual([]);
    expect(findings({ ...db, ...three("${aws_db_instance.main.identifier}") }, "prod", "ENV-LOG-004")).toEqual([]);
    // A plan renders a map built from references as one reference expression.
    const planForm = { aws_cloudwatch_metric_alarm: Object.fromEntries(Object.entries(three("x").aws_cloudwatch_metric_alarm).map(([k, a]) => [k, { ...a, dimensions: "${aws_db_instance.main.identifier}" }])) };
    expect(findings({ ...db, ...planForm }, "prod", "ENV-LOG-004")).toEqual([]);
  });

  it("names what is still missing, and ignores alarms on another database", () => {
    const partial = { aws_cloudwatch_metric_alarm: { cpu: alarm("CPUUtilization", "orders"), other: alarm("FreeStorageSpace", "billing") } };
    expect(findings({ ...db, ...partial }, "prod", "ENV-LOG-004")).toMatchObject([{ message: expect.stringMatching(/^no alarm watches its FreeStorageSpace, DatabaseConnections:/) }]);
  });

  it("warns in staging and does not run below", () => {
    expect(findings(db, "staging", "ENV-LOG-004")).toMatchObject([{ severity: "warning" }]);
    expect(findings(db, "dev", "ENV-LOG-004")).toEqual([]);
  });
});
