import { TIER_ALARMS } from "../../lib/core/alarms";
import { TIER_PROFILES, type Tier } from "../../lib/core/tiers";
import { findingsOf } from "../../stacks/synth";
import { specFor, stackFor } from "../helpers/fixtures";
import { Template } from "../helpers/template";

const TIERS: Tier[] = ["preview", "dev", "test", "staging", "prod"];
const TOPIC_ARN = /^\$\{aws_sns_topic\.environment_monitoring_topic_[A-Z0-9]+\.arn\}$/;

function synth(tier: Tier, changes = {}): Template {
  return Template.fromStack(stackFor(specFor(tier, changes)));
}

const alarms = (t: Template): Record<string, Record<string, any>> => Object.fromEntries(t.resources("aws_cloudwatch_metric_alarm").map((a) => [a.attributes.alarm_name.replace(/^acme-[a-z]+-/, ""), a.attributes]));

describe("Monitoring: the alert topic", () => {
  it.each(TIERS)("%s: is encrypted with the environment key and subscribes every alert address", (tier) => {
    const t = synth(tier, { alertEmails: ["oncall@example.com", "lead@example.com"] });
    expect(t.only("aws_sns_topic")).toMatchObject({ name: `acme-${tier}-alerts`, kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) });
    expect(t.resources("aws_sns_topic_subscription").map((s) => [s.attributes.protocol, s.attributes.endpoint])).toEqual([
      ["email", "oncall@example.com"],
      ["email", "lead@example.com"],
    ]);
  });

  it("lets only CloudWatch and AWS Budgets of the environment's own account publish, to the topic and through its key", () => {
    const t = synth("prod");
    const [publishers] = t.dataSources("aws_iam_policy_document").filter((d) => d.name.includes("topic-publishers"));
    expect(publishers.attributes.statement).toEqual([
      expect.objectContaining({
        actions: ["sns:Publish"],
        principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [specFor("prod").account] }],
      }),
    ]);
    const key = t.dataSources("aws_iam_policy_document").find((d) => d.name.startsWith("environment_key_policy"))!;
    expect(key.attributes.statement).toContainEqual(
      expect.objectContaining({ sid: "AlarmsAndBudgetsPublishToEncryptedTopics", actions: ["kms:GenerateDataKey*", "kms:Decrypt"], condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [specFor("prod").account] }] }),
    );
  });

  it("uses the organization's alert addresses unless the environment names its own", () => {
    expect(synth("dev").resources("aws_sns_topic_subscription").map((s) => s.attributes.endpoint)).toEqual(["platform-alerts@example.com"]);
  });
});

describe("Monitoring: the budget", () => {
  it.each(TIERS)("%s: limits the month to the tier's budget, counting costs tagged with the environment", (tier) => {
    const budget = synth(tier).only("aws_budgets_budget");
    expect(budget).toMatchObject({
      name: `acme-${tier}-monthly`,
      budget_type: "COST",
      limit_amount: TIER_PROFILES[tier].sizing.monthlyBudgetUsd.toFixed(2),
      limit_unit: "USD",
      time_unit: "MONTHLY",
      cost_filter: [{ name: "TagKeyValue", values: [`user:environment$${tier}`] }],
    });
  });

  it("alerts the topic at 80% and 100% of actual spend and at 100% of the forecast", () => {
    const notifications = synth("staging").only("aws_budgets_budget").notification as Record<string, unknown>[];
    expect(notifications.map((n) => [n.notification_type, n.threshold, n.threshold_type, n.comparison_operator])).toEqual([
      ["ACTUAL", 80, "PERCENTAGE", "GREATER_THAN"],
      ["ACTUAL", 100, "PERCENTAGE", "GREATER_THAN"],
      ["FORECASTED", 100, "PERCENTAGE", "GREATER_THAN"],
    ]);
    for (const n of notifications) expect(n.subscriber_sns_topic_arns).toEqual([expect.stringMatching(TOPIC_ARN)]);
  });

  it("follows a budget override", () => {
    expect(synth("dev", { overrides: { sizing: { monthlyBudgetUsd: 750 } } }).only("aws_budgets_budget").limit_amount).toBe("750.00");
  });
});

describe("Monitoring: alarms sized by tier", () => {
  it.each(TIERS)("%s: watches the database's CPU, free storage and connections at the tier's thresholds", (tier) => {
    const a = alarms(synth(tier));
    const settings = TIER_ALARMS[tier];
    const storageBytes = Math.floor(TIER_PROFILES[tier].sizing.dbAllocatedStorageGiB * 2 ** 30 * (settings.dbFreeStoragePercent / 100));
    expect(a["db-cpu"]).toMatchObject({ namespace: "AWS/RDS", metric_name: "CPUUtilization", comparison_operator: "GreaterThanThreshold", threshold: settings.dbCpuPercent });
    expect(a["db-free-storage"]).toMatchObject({ metric_name: "FreeStorageSpace", comparison_operator: "LessThanThreshold", threshold: storageBytes });
    expect(a["db-connections"]).toMatchObject({ metric_name: "DatabaseConnections", threshold: settings.dbConnections });
    for (const alarm of Object.values(a)) expect(alarm).toMatchObject({ period: settings.periodSeconds, evaluation_periods: settings.evaluationPeriods });
    expect(a["db-cpu"].dimensions).toEqual({ DBInstanceIdentifier: expect.stringMatching(/^\$\{aws_db_instance\.[A-Za-z0-9_]+\.identifier\}$/) });
  });

  it("is faster and stricter in prod than in dev", () => {
    expect(TIER_ALARMS.prod.dbCpuPercent).toBeLessThan(TIER_ALARMS.dev.dbCpuPercent);
    expect(TIER_ALARMS.prod.periodSeconds * TIER_ALARMS.prod.evaluationPeriods).toBeLessThan(TIER_ALARMS.dev.periodSeconds * TIER_ALARMS.dev.evaluationPeriods);
  });

  it.each(["staging", "prod"] as const)("%s: notifies the topic when an alarm fires and when it clears", (tier) => {
    for (const alarm of Object.values(alarms(synth(tier)))) {
      expect(alarm.actions_enabled).toBe(true);
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(TOPIC_ARN)]);
      expect(alarm.ok_actions).toEqual([expect.stringMatching(TOPIC_ARN)]);
    }
  });

  it.each(["preview", "dev", "test"] as const)("%s: alarms change state without notifying anyone", (tier) => {
    for (const alarm of Object.values(alarms(synth(tier)))) {
      expect(alarm.actions_enabled).toBe(false);
      expect(alarm.alarm_actions).toBeUndefined();
    }
  });

  it.each([
    ["dev", 1],
    ["prod", 3],
  ] as const)("%s: one port-allocation alarm per NAT gateway (%d)", (tier, count) => {
    const nat = Object.entries(alarms(synth(tier))).filter(([name]) => name.startsWith("nat-"));
    expect(nat).toHaveLength(count);
    for (const [, alarm] of nat) expect(alarm).toMatchObject({ namespace: "AWS/NATGateway", metric_name: "ErrorPortAllocation", threshold: 0, dimensions: { NatGatewayId: expect.stringMatching(/^\$\{aws_nat_gateway\./) } });
  });

  it("treats silence of the flow logs as a delivery failure, and has no such alarm when flow logs are off", () => {
    expect(alarms(synth("prod"))["log-delivery"]).toMatchObject({ namespace: "AWS/Logs", metric_name: "IncomingLogEvents", comparison_operator: "LessThanThreshold", threshold: 1, treat_missing_data: "breaching" });
    expect(alarms(synth("dev", { overrides: { security: { vpcFlowLogs: false } } }))["log-delivery"]).toBeUndefined();
  });

  it("draws a dashboard of the alarms and the metrics they watch", () => {
    const body = JSON.parse(synth("prod").only("aws_cloudwatch_dashboard").dashboard_body);
    expect(body.widgets[0]).toMatchObject({ type: "alarm", properties: { alarms: expect.arrayContaining([expect.stringMatching(/^\$\{aws_cloudwatch_metric_alarm\./)]) } });
    expect(body.widgets[0].properties.alarms).toHaveLength(Object.keys(alarms(synth("prod"))).length);
    const metrics = body.widgets.slice(1).flatMap((w: any) => w.properties.metrics.map((m: unknown[]) => `${m[0]}/${m[1]}`));
    expect(metrics).toEqual(expect.arrayContaining(["AWS/RDS/CPUUtilization", "AWS/RDS/FreeStorageSpace", "AWS/RDS/DatabaseConnections", "AWS/NATGateway/ErrorPortAllocation", "AWS/Logs/IncomingLogEvents"]));
    expect(body.widgets.slice(1).every((w: any) => w.properties.region === "eu-west-1")).toBe(true);
  });
});

describe("Monitoring: policies", () => {
  it("the environment's own database passes ENV-LOG-004 in prod (a bare one fails it: __tests__/cost/rules.test.ts)", () => {
    const stack = stackFor(specFor("prod"));
    expect(findingsOf(stack).filter((f) => f.ruleId === "ENV-LOG-004")).toEqual([]);
  });

  it("warns when no one receives the alerts", () => {
    const stack = stackFor(specFor("prod"), { organization: "acme", region: "eu-west-1", owner: "platform-team", costCentre: "cc-1001" });
    Template.fromStack(stack);
    const warnings = stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toContainEqual(expect.stringContaining("environment prod names no alertEmails: its budget alerts and alarms reach an SNS topic nobody is subscribed to"));
  });
});
