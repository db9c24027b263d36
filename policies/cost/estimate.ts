/**
 * The offline monthly cost estimate of an environment's stacks: each resource
 * priced from the price table, usage-based figures from stated assumptions.
 * A resource that cannot be priced is listed as unpriced, with why, and never
 * counted as zero; a resource AWS does not bill is listed as no charge.
 * Pure: it reads stack models (configuration, plan or state) and the table.
 */
import type { UsageAssumptions } from "../../lib/core/usage";
import { isReference, type StackModel, type TfResource } from "../model";
import { block, flag, numberValue } from "../rules/helpers";
import type { PriceTable } from "./price-table";

/** One priced resource. */
export interface CostLine {
  /** `<type>.<name>` (with the module path in a plan). */
  readonly resource: string;
  readonly type: string;
  /** Monthly estimate, in USD, rounded to cents. */
  readonly monthlyUsd: number;
  /** How the figure was reached: rates, quantities and the usage assumed. */
  readonly basis: string;
  /** The stack it belongs to. */
  readonly stack: string;
}

/** A resource the estimate could not price. */
export interface UnpricedResource {
  readonly resource: string;
  readonly type: string;
  readonly reason: string;
  readonly stack: string;
}

/** The estimate of one environment (or of one file's stack). */
export interface CostEstimate {
  /** Sum of the priced lines, in USD; unpriced resources are not in it. */
  readonly monthlyUsd: number;
  /** Priced resources that cost something, most expensive first. */
  readonly lines: readonly CostLine[];
  /** Resources that could not be priced. */
  readonly unpriced: readonly UnpricedResource[];
  /** Resources AWS does not bill for. */
  readonly noCharge: readonly string[];
}

/** Rounds to cents, half up, as a person rounds the figure (38.325 is 38.33, though 38.325 * 100 is 3832.4999... in binary). */
export function cents(usd: number): number {
  return Math.round(Number((usd * 100).toPrecision(12))) / 100;
}

// One formatter for every price: toLocaleString builds a new one per call, a large share of a big estate's policy check.
const USD = new Intl.NumberFormat("en-US", { maximumFractionDigits: 5 });
const usd = (value: number) => `$${USD.format(value)}`;
const gb = (value: number) => `${cents(value)} GB`;

/** What a pricer needs beyond the resource. */
interface PricingContext {
  readonly table: PriceTable;
  readonly usage: UsageAssumptions;
  /** How many resources of each type the environment has (usage is split across them). */
  readonly counts: ReadonlyMap<string, number>;
  readonly hours: number;
}

type Priced = { readonly monthlyUsd: number; readonly basis: string } | { readonly unpriced: string };

type Pricer = (resource: TfResource, context: PricingContext) => Priced;

const unpriced = (reason: string): Priced => ({ unpriced: reason });

/** A literal string attribute, or undefined when unset, a reference or unknown. */
export function literal(value: unknown): string | undefined {
  return typeof value === "string" && !isReference(value) ? value : undefined;
}

const PRICERS: Readonly<Record<string, Pricer>> = {
  aws_nat_gateway: (r, { table, usage, counts, hours }) => {
    if (literal(r.attributes.connectivity_type) === "private") {
      return { monthlyUsd: table.natGateway.hourly * hours, basis: `${hours} h at ${usd(table.natGateway.hourly)}/h (private: no public address)` };
    }
    const share = usage.natProcessedGbPerMonth / (counts.get("aws_nat_gateway") ?? 1);
    return {
      monthlyUsd: table.natGateway.hourly * hours + share * table.natGateway.perGbProcessed,
      basis: `${hours} h at ${usd(table.natGateway.hourly)}/h + ${gb(share)} processed at ${usd(table.natGateway.perGbProcessed)}/GB (assumes ${usage.natProcessedGbPerMonth} GB/month across ${counts.get("aws_nat_gateway")} NAT gateways)`,
    };
  },
  aws_eip: (_r, { table, hours }) => ({ monthlyUsd: table.publicIpv4.hourly * hours, basis: `a public IPv4 address, ${hours} h at ${usd(table.publicIpv4.hourly)}/h` }),
  aws_db_instance: priceDatabase,
  aws_lb: priceLoadBalancer,
  aws_alb: priceLoadBalancer,
  aws_elb: (_r, { table, hours }) => ({ monthlyUsd: table.loadBalancer.classic.hourly * hours, basis: `classic load balancer, ${hours} h at ${usd(table.loadBalancer.classic.hourly)}/h (data processed not counted)` }),
  aws_kms_key: (_r, { table }) => ({ monthlyUsd: table.kms.perKeyMonth, basis: `one customer-managed key at ${usd(table.kms.perKeyMonth)}/month (requests not counted)` }),
  aws_kms_replica_key: (_r, { table }) => ({ monthlyUsd: table.kms.perKeyMonth, basis: `one replica key at ${usd(table.kms.perKeyMonth)}/month (requests not counted)` }),
  aws_cloudwatch_log_group: priceLogGroup,
  aws_s3_bucket: (_r, { table, usage, counts }) => {
    const share = usage.storageGb / (counts.get("aws_s3_bucket") ?? 1);
    return { monthlyUsd: share * table.s3.standardPerGbMonth, basis: `${gb(share)} in S3 Standard at ${usd(table.s3.standardPerGbMonth)}/GB-month (assumes ${usage.storageGb} GB across ${counts.get("aws_s3_bucket")} buckets; requests not counted)` };
  },
  aws_cloudwatch_metric_alarm: (r, { table }) => {
    const metrics = Math.max(1, (Array.isArray(r.attributes.metric_query) ? r.attributes.metric_query : []).filter((q) => block(q)?.metric !== undefined).length);
    return { monthlyUsd: metrics * table.cloudwatch.alarmPerMetricMonth, basis: `${metrics} standard-resolution alarm metric${metrics === 1 ? "" : "s"} at ${usd(table.cloudwatch.alarmPerMetricMonth)}/month` };
  },
  aws_cloudwatch_dashboard: (_r, { table }) => ({ monthlyUsd: table.cloudwatch.dashboardPerMonth, basis: `one dashboard at ${usd(table.cloudwatch.dashboardPerMonth)}/month (beyond the account's free dashboards)` }),
  aws_secretsmanager_secret: (_r, { table }) => ({ monthlyUsd: table.secretsManager.perSecretMonth, basis: `one secret at ${usd(table.secretsManager.perSecretMonth)}/month (API calls not counted)` }),
  aws_ssm_parameter: (r, { table }) => {
    const tier = r.attributes.tier;
    if (tier === undefined || tier === null || tier === "Standard") return { monthlyUsd: 0, basis: "standard parameter: no charge" };
    if (tier === "Advanced") return { monthlyUsd: table.ssm.advancedParameterPerMonth, basis: `advanced parameter at ${usd(table.ssm.advancedParameterPerMonth)}/month` };
    return unpriced(`tier is ${JSON.stringify(tier)}: Standard is free, Advanced and Intelligent-Tiering may be billed`);
  },
  aws_eks_cluster: (_r, { table, hours }) => ({ monthlyUsd: table.eks.clusterHourly * hours, basis: `control plane, ${hours} h at ${usd(table.eks.clusterHourly)}/h (nodes not counted)` }),
  kubernetes_resource_quota_v1: priceNamespaceQuota,
  kubernetes_resource_quota: priceNamespaceQuota,
};

function priceDatabase(r: TfResource, { table, hours }: PricingContext): Priced {
  const engine = literal(r.attributes.engine);
  const instanceClass = literal(r.attributes.instance_class);
  if (!engine || !instanceClass) return unpriced(`engine ${JSON.stringify(r.attributes.engine)} and instance_class ${JSON.stringify(r.attributes.instance_class)} must both be known to price it`);
  const family = engine.startsWith("aurora") ? undefined : engine.replace(/-.*$/, "");
  const hourly = family ? table.rds.instanceHourly[family]?.[instanceClass] : undefined;
  if (hourly === undefined) return unpriced(`the price table has no ${engine} ${instanceClass} instance price`);
  const multiAz = flag(r.attributes.multi_az);
  if (multiAz === "unresolved") return unpriced(`multi_az is ${JSON.stringify(r.attributes.multi_az)}, which could not be resolved`);
  const storage = numberValue(r.attributes.allocated_storage);
  if (storage === "unresolved" || storage === undefined) return unpriced(`allocated_storage is ${JSON.stringify(r.attributes.allocated_storage)}: the storage cannot be priced`);
  const storageType = literal(r.attributes.storage_type) ?? "gp2";
  const perGb = table.rds.storagePerGbMonth[storageType];
  if (perGb === undefined) return unpriced(`the price table has no price for ${storageType} storage`);
  const copies = multiAz ? table.rds.multiAzFactor : 1;
  const compute = hourly * hours * copies;
  const stored = storage * perGb * copies;
  const az = multiAz ? `multi-AZ (x${copies})` : "single-AZ";
  return {
    monthlyUsd: compute + stored,
    basis: `${engine} ${instanceClass} ${az}: ${hours} h at ${usd(hourly)}/h${multiAz ? ` x${copies}` : ""} + ${storage} GB ${storageType} at ${usd(perGb)}/GB-month${multiAz ? ` x${copies}` : ""} (backups within the database's size are free)`,
  };
}

function priceLoadBalancer(r: TfResource, { table, usage, hours }: PricingContext): Priced {
  const kind = literal(r.attributes.load_balancer_type) ?? "application";
  const rates = (table.loadBalancer as Record<string, { hourly: number; perCapacityUnitHour: number }>)[kind];
  if (!rates) return unpriced(`load_balancer_type ${JSON.stringify(r.attributes.load_balancer_type)} is not in the price table`);
  const units = usage.loadBalancerCapacityUnits;
  return {
    monthlyUsd: (rates.hourly + units * rates.perCapacityUnitHour) * hours,
    basis: `${kind} load balancer, ${hours} h at ${usd(rates.hourly)}/h + ${units} capacity units at ${usd(rates.perCapacityUnitHour)}/unit-hour (assumes ${units} units on average)`,
  };
}

function priceLogGroup(r: TfResource, { table, usage, counts }: PricingContext): Priced {
  const groups = counts.get("aws_cloudwatch_log_group") ?? 1;
  const ingest = usage.logIngestionGbPerMonth / groups;
  const retention = numberValue(r.attributes.retention_in_days);
  if (retention === "unresolved") return unpriced(`retention_in_days is ${JSON.stringify(r.attributes.retention_in_days)}, which could not be resolved`);
  const keptMonths = retention === undefined || retention === 0 ? 12 : retention / 30;
  const stored = ingest * keptMonths;
  const kept = retention === undefined || retention === 0 ? "never expires: a year's logs assumed kept" : `kept ${retention} days`;
  return {
    monthlyUsd: ingest * table.cloudwatchLogs.ingestionPerGb + stored * table.cloudwatchLogs.storagePerGbMonth,
    basis: `${gb(ingest)} ingested at ${usd(table.cloudwatchLogs.ingestionPerGb)}/GB + ${gb(stored)} stored at ${usd(table.cloudwatchLogs.storagePerGbMonth)}/GB-month (${kept}; assumes ${usage.logIngestionGbPerMonth} GB/month across ${groups} log groups)`,
  };
}

/** Kubernetes quantities: CPU as cores or millicores, memory in binary or decimal units. */
export function parseQuantity(value: unknown, kind: "cpu" | "memory"): number | undefined {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : undefined;
  const match = text === undefined ? null : /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(text);
  if (!match) return undefined;
  const n = Number(match[1]);
  if (kind === "cpu") return match[2] === "" ? n : match[2] === "m" ? n / 1000 : undefined;
  const units: Record<string, number> = { "": 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return units[match[2]] === undefined ? undefined : (n * units[match[2]]) / 2 ** 30; // GiB
}

function priceNamespaceQuota(r: TfResource, { table, hours }: PricingContext): Priced {
  const hard = block(block(r.attributes.spec)?.hard) ?? block(r.attributes.spec)?.hard;
  const limits = (hard ?? {}) as Record<string, unknown>;
  const cpu = parseQuantity(limits["requests.cpu"], "cpu");
  const memory = parseQuantity(limits["requests.memory"], "memory");
  if (cpu === undefined || memory === undefined) return unpriced(`its hard requests.cpu (${JSON.stringify(limits["requests.cpu"])}) and requests.memory (${JSON.stringify(limits["requests.memory"])}) must be literal quantities to price the capacity it reserves`);
  return {
    monthlyUsd: (cpu * table.fargate.perVcpuHour + memory * table.fargate.perGbHour) * hours,
    basis: `the capacity the quota lets the namespace request, ${cents(cpu)} vCPU and ${cents(memory)} GiB for ${hours} h, at Fargate rates (${usd(table.fargate.perVcpuHour)}/vCPU-h, ${usd(table.fargate.perGbHour)}/GB-h): an upper bound of what the namespace takes from its cluster (billed to the cluster's owner, outside the environment's AWS budget)`,
  };
}

/** How many instances `count` or `for_each` make of a resource: 1 without them, undefined when an expression decides. */
function instancesOf(resource: TfResource): number | undefined {
  const { count, for_each: forEach } = resource.attributes;
  if (count !== undefined) return typeof count === "number" && Number.isInteger(count) && count >= 0 ? count : undefined;
  if (forEach !== undefined) {
    if (Array.isArray(forEach)) return new Set(forEach.map((v) => JSON.stringify(v))).size;
    if (forEach !== null && typeof forEach === "object") return Object.keys(forEach).length;
    return undefined;
  }
  return 1;
}

function isNoCharge(type: string, table: PriceTable): boolean {
  return table.noCharge.some((pattern) => (pattern.endsWith("*") ? type.startsWith(pattern.slice(0, -1)) : type === pattern));
}

/** Prices every managed resource of `stacks` (the stacks of one environment) from `table`, assuming `usage`. */
export function estimateCost(stacks: readonly StackModel[], table: PriceTable, usage: UsageAssumptions): CostEstimate {
  const counts = new Map<string, number>();
  for (const stack of stacks) for (const r of stack.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + (instancesOf(r) ?? 1));
  const context: PricingContext = { table, usage, counts, hours: table.hoursPerMonth };
  const lines: CostLine[] = [];
  const unpricedResources: UnpricedResource[] = [];
  const noCharge: string[] = [];
  for (const stack of stacks) {
    for (const resource of stack.resources) {
      const pricer = PRICERS[resource.type];
      if (!pricer) {
        if (isNoCharge(resource.type, table)) noCharge.push(resource.address);
        else unpricedResources.push({ resource: resource.address, type: resource.type, reason: "the price table has no price for this resource type", stack: stack.name });
        continue;
      }
      // count and for_each multiply a resource: a literal is priced as that many instances, an expression only a plan can count.
      const instances = instancesOf(resource);
      if (instances === undefined) {
        unpricedResources.push({ resource: resource.address, type: resource.type, reason: "its count or for_each is not a literal, so the number of instances is known only at plan: price a plan (envctl cost --file plan.json)", stack: stack.name });
        continue;
      }
      const priced = pricer(resource, context);
      if ("unpriced" in priced) unpricedResources.push({ resource: resource.address, type: resource.type, reason: priced.unpriced, stack: stack.name });
      else if (priced.monthlyUsd === 0 || instances === 0) noCharge.push(resource.address);
      else if (!Number.isFinite(priced.monthlyUsd * instances)) unpricedResources.push({ resource: resource.address, type: resource.type, reason: "its estimate is not a finite number: check the price table's figures", stack: stack.name });
      else lines.push({ resource: resource.address, type: resource.type, monthlyUsd: cents(priced.monthlyUsd * instances), basis: instances === 1 ? priced.basis : `${instances} instances (count), each: ${priced.basis}`, stack: stack.name });
    }
  }
  lines.sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.resource.localeCompare(b.resource));
  return { monthlyUsd: cents(lines.reduce((sum, l) => sum + l.monthlyUsd, 0)), lines, unpriced: unpricedResources, noCharge };
}
