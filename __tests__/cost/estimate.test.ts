import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TIER_USAGE } from "../../lib/core/usage";
import { buildApp } from "../../main";
import { estimateCost, parseQuantity, type CostEstimate } from "../../policies/cost/estimate";
import { parsePriceTable, shippedPriceTable } from "../../policies/cost/price-table";
import { loadTerraformJson } from "../../policies/loaders";
import SHIPPED from "../../policies/cost/prices.json";

const NOW = new Date("2026-12-01T00:00:00Z");

/** The example app (main.ts), synthesized once: each environment's stacks as models. */
function exampleStacks() {
  const outdir = mkdtempSync(join(tmpdir(), "envkit-cost-"));
  const app = buildApp(outdir);
  app.synth();
  const read = (name: string) => loadTerraformJson(JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")), { stackName: name, now: NOW });
  return Object.fromEntries(readdirSync(join(outdir, "stacks")).map((name) => [name, read(name)]));
}

const stacks = exampleStacks();
const estimateOf = (env: string): CostEstimate => {
  const members = [stacks[`env-${env}`], stacks[`env-${env}-k8s`]];
  return estimateCost(members, shippedPriceTable(), members[0].usage!);
};
/** Sum of the lines of one type. */
const byType = (e: CostEstimate, type: string) => Math.round(e.lines.filter((l) => l.type === type).reduce((s, l) => s + l.monthlyUsd, 0) * 100) / 100;

describe("cost estimate of the example environments, against figures worked by hand from the price table", () => {
  // us-east-1 on-demand, 730 h/month. dev assumes 20 GB stored, 5 GB of logs and 20 GB through NAT a month.
  it("dev: one NAT gateway, a single-AZ db.t4g.micro, and the rest", () => {
    const dev = estimateOf("dev");
    expect(byType(dev, "aws_nat_gateway")).toBe(33.75); // 730 h x $0.045 + 20 GB x $0.045
    expect(byType(dev, "aws_eip")).toBe(3.65); // 730 h x $0.005 (a public IPv4 address)
    expect(byType(dev, "aws_db_instance")).toBe(13.98); // 730 h x $0.016 + 20 GB gp3 x $0.115
    expect(byType(dev, "aws_kms_key")).toBe(1);
    expect(byType(dev, "aws_cloudwatch_log_group")).toBe(2.56); // 4 groups x (1.25 GB x $0.50 + 1.25 GB x 14/30 months x $0.03 = $0.64)
    expect(byType(dev, "aws_s3_bucket")).toBe(0.46); // 2 buckets x 10 GB x $0.023
    expect(byType(dev, "aws_cloudwatch_metric_alarm")).toBe(0.5); // 5 alarms x $0.10
    expect(byType(dev, "aws_cloudwatch_dashboard")).toBe(3);
    expect(byType(dev, "kubernetes_resource_quota_v1")).toBe(72.08); // (2 vCPU x $0.04048 + 4 GiB x $0.004445) x 730 h
    expect(dev.monthlyUsd).toBe(130.98);
    expect(dev.unpriced).toEqual([]);
  });

  it("prod: three NAT gateways, a multi-AZ db.r6g.large, a year of logs", () => {
    const prod = estimateOf("prod");
    expect(byType(prod, "aws_db_instance")).toBe(351.5); // (730 h x $0.225 + 100 GB x $0.115) x 2 for the standby
    expect(prod.lines.filter((l) => l.type === "aws_nat_gateway").map((l) => l.monthlyUsd)).toEqual([47.85, 47.85, 47.85]); // 730 x $0.045 + 1000/3 GB x $0.045
    expect(byType(prod, "aws_cloudwatch_log_group")).toBe(86.52); // 4 x (25 GB x $0.50 + 25 GB x 365/30 months x $0.03 = $21.63)
    expect(byType(prod, "aws_cloudwatch_metric_alarm")).toBe(0.7); // 3 database + 3 NAT + 1 log delivery
    expect(byType(prod, "kubernetes_resource_quota_v1")).toBe(1153.28); // (32 vCPU x $0.04048 + 64 GiB x $0.004445) x 730
    expect(prod.monthlyUsd).toBe(1762);
  });

  it("totals are the sum of the lines, and every line says how it was reached", () => {
    for (const env of ["dev", "test", "staging", "prod"]) {
      const e = estimateOf(env);
      expect(e.monthlyUsd).toBeCloseTo(e.lines.reduce((s, l) => s + l.monthlyUsd, 0), 6);
      for (const line of e.lines) expect(line.basis).toMatch(/\$[\d.]+/);
    }
  });

  it("lists what AWS does not bill (VPC, subnets, IAM, SSM standard parameters, Kubernetes objects) as no charge, never as priced or unpriced", () => {
    const dev = estimateOf("dev");
    expect(dev.noCharge).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_vpc\./), expect.stringMatching(/^aws_subnet\./), expect.stringMatching(/^aws_ssm_parameter\./), expect.stringMatching(/^kubernetes_namespace_v1\./)]));
    expect(dev.lines.some((l) => dev.noCharge.includes(l.resource))).toBe(false);
  });
});

describe("cost estimate of any Terraform", () => {
  const json = (resource: Record<string, Record<string, unknown>>) => loadTerraformJson({ resource }, { stackName: "legacy", now: NOW, tier: "prod" });
  const usage = TIER_USAGE.prod;

  it("lists what it cannot price, with why, and never counts it as zero", () => {
    const e = estimateCost(
      [
        json({
          aws_instance: { web: { instance_type: "m5.large", ami: "ami-123" } },
          aws_db_instance: { sized_by_variable: { engine: "postgres", instance_class: "${var.db_class}", allocated_storage: 20 }, oracle: { engine: "oracle-ee", instance_class: "db.r6g.large", allocated_storage: 20 } },
          aws_kms_key: { k: {} },
        }),
      ],
      shippedPriceTable(),
      usage,
    );
    expect(e.unpriced.map((u) => [u.resource, u.reason])).toEqual([
      ["aws_instance.web", "the price table has no price for this resource type"],
      ["aws_db_instance.sized_by_variable", 'engine "postgres" and instance_class "${var.db_class}" must both be known to price it'],
      ["aws_db_instance.oracle", "the price table has no oracle-ee db.r6g.large instance price"],
    ]);
    expect(e.monthlyUsd).toBe(1);
  });

  it("prices a literal count or for_each as that many instances, and leaves an expression of one unpriced (a plan counts it)", () => {
    const db = { engine: "postgres", instance_class: "db.t4g.micro", allocated_storage: 20 };
    const one = estimateCost([json({ aws_db_instance: { one: db } })], shippedPriceTable(), usage).monthlyUsd;
    const e = estimateCost([json({ aws_db_instance: { fifty: { ...db, count: 50 }, each: { ...db, for_each: { a: 1, b: 2 } }, none: { ...db, count: 0 }, dynamic: { ...db, count: "${var.replicas}" } } })], shippedPriceTable(), usage);
    expect(e.lines.find((l) => l.resource === "aws_db_instance.fifty")?.monthlyUsd).toBeCloseTo(one * 50, 1);
    expect(e.lines.find((l) => l.resource === "aws_db_instance.fifty")?.basis).toMatch(/^50 instances \(count\), each: /);
    expect(e.lines.find((l) => l.resource === "aws_db_instance.each")?.monthlyUsd).toBeCloseTo(one * 2, 1);
    expect(e.noCharge).toContain("aws_db_instance.none");
    expect(e.unpriced).toEqual([expect.objectContaining({ resource: "aws_db_instance.dynamic", reason: expect.stringContaining("its count or for_each is not a literal") })]);
  });

  it("prices load balancers with the capacity units it assumes, advanced parameters, secrets and EKS control planes", () => {
    const e = estimateCost(
      [
        json({
          aws_lb: { public: { load_balancer_type: "application" }, nlb: { load_balancer_type: "network" } },
          aws_ssm_parameter: { big: { name: "/x", type: "String", value: "v", tier: "Advanced" }, small: { name: "/y", type: "String", value: "v" } },
          aws_secretsmanager_secret: { s: { name: "s" } },
          aws_eks_cluster: { c: { name: "c", role_arn: "arn" } },
        }),
      ],
      shippedPriceTable(),
      usage,
    );
    const line = (address: string) => e.lines.find((l) => l.resource === address)!;
    expect(line("aws_lb.public").monthlyUsd).toBe(45.63); // (730 h x $0.0225) + 5 LCU x $0.008 x 730 h
    expect(line("aws_lb.public").basis).toContain("assumes 5 units on average");
    expect(line("aws_lb.nlb").monthlyUsd).toBe(38.33); // 730 x $0.0225 + 5 x $0.006 x 730
    expect(line("aws_ssm_parameter.big").monthlyUsd).toBe(0.05);
    expect(e.noCharge).toContain("aws_ssm_parameter.small");
    expect(line("aws_secretsmanager_secret.s").monthlyUsd).toBe(0.4);
    expect(line("aws_eks_cluster.c").monthlyUsd).toBe(73); // 730 h x $0.10
  });

  it("reads Kubernetes quantities in every unit a quota uses", () => {
    expect(parseQuantity("8", "cpu")).toBe(8);
    expect(parseQuantity("1500m", "cpu")).toBe(1.5);
    expect(parseQuantity("16Gi", "memory")).toBe(16);
    expect(parseQuantity("4096Mi", "memory")).toBe(4);
    expect(parseQuantity("2G", "memory")).toBeCloseTo(1.8626, 4);
    expect(parseQuantity("lots", "cpu")).toBeUndefined();
    expect(parseQuantity("8x", "memory")).toBeUndefined();
  });
});

describe("the price table", () => {
  it("ships with its source, date, currency and region, and passes its own schema", () => {
    const table = shippedPriceTable();
    expect(table).toMatchObject({ currency: "USD", region: "us-east-1", hoursPerMonth: 730 });
    expect(table.source).toMatch(/AWS on-demand price pages/);
    expect(table.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("refuses a price no list price reaches (1e308 would overflow every estimate to nothing)", () => {
    expect(() => parsePriceTable({ ...SHIPPED, kms: { perKeyMonth: 1e308 } }, "--prices huge.json")).toThrow(/kms\.perKeyMonth: must be at most 1,000,000/);
  });

  it("refuses a malformed table, naming every problem with its path", () => {
    const broken = { ...SHIPPED, currency: "EUR", hoursPerMonth: -1, natGateway: { hourly: "0.045" }, rds: { ...SHIPPED.rds, instanceHourly: { postgres: { "db.t4g.micro": -0.016 } } } };
    expect(() => parsePriceTable(broken, "--prices team-prices.json")).toThrow(
      expect.objectContaining({
        exitCode: 2,
        message: expect.stringMatching(
          /^--prices team-prices\.json is not a valid price table \(5 problems\):\n {2}- currency: must be "USD".*\n {2}- hoursPerMonth: .*\n {2}- natGateway\.hourly: .*\n {2}- natGateway\.perGbProcessed: .*\n {2}- rds\.instanceHourly\.postgres\.db\.t4g\.micro: .*\nStart from the table the package ships/,
        ),
      }),
    );
  });
});
