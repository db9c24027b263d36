/**
 * The price table the cost estimate reads: a data file with its source, date,
 * currency and region (`prices.json`, shipped in the package), or one a team
 * supplies for its own region or discounts (`envctl cost --prices FILE`).
 */
import { z } from "zod/v3";
import { PolicyInputError } from "../errors";
import SHIPPED from "./prices.json";

/** A price: a non-negative figure no larger than any AWS list price (a million dollars per unit), so that no estimate overflows. */
const rate = z.number().finite().nonnegative().max(1_000_000, "must be at most 1,000,000 (a price per unit: per hour, GB or month)");
const hourly = z.strictObject({ hourly: rate });
const balancer = z.strictObject({ hourly: rate, perCapacityUnitHour: rate });

/** Schema of a price table: every figure a non-negative number, in the table's currency. */
export const priceTableSchema = z.strictObject({
  /** Where the figures come from. */
  source: z.string().min(1),
  /** When they were read, `YYYY-MM-DD`. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD"),
  /** ISO 4217 code. */
  currency: z.literal("USD", { errorMap: () => ({ message: "must be \"USD\": estimates and budgets are in US dollars" }) }),
  /** The AWS region the prices are for. */
  region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, "must be an AWS region such as us-east-1"),
  /** Hours billed in a month. */
  hoursPerMonth: z.number().positive().max(744),
  natGateway: z.strictObject({ hourly: rate, perGbProcessed: rate }),
  publicIpv4: hourly,
  rds: z.strictObject({
    /** Per engine (`postgres`, `mysql`, ...), per instance class, single-AZ. */
    instanceHourly: z.record(z.record(rate)),
    /** How many instances a multi-AZ deployment bills (a standby beside the primary). */
    multiAzFactor: z.number().min(1).max(10),
    /** Per storage type. */
    storagePerGbMonth: z.record(rate),
  }),
  loadBalancer: z.strictObject({ application: balancer, network: balancer, gateway: balancer, classic: balancer }),
  kms: z.strictObject({ perKeyMonth: rate }),
  cloudwatchLogs: z.strictObject({ ingestionPerGb: rate, storagePerGbMonth: rate }),
  cloudwatch: z.strictObject({ alarmPerMetricMonth: rate, dashboardPerMonth: rate }),
  s3: z.strictObject({ standardPerGbMonth: rate }),
  secretsManager: z.strictObject({ perSecretMonth: rate }),
  ssm: z.strictObject({ advancedParameterPerMonth: rate }),
  eks: z.strictObject({ clusterHourly: rate }),
  fargate: z.strictObject({ perVcpuHour: rate, perGbHour: rate }),
  /** Resource types AWS does not bill for (`*` ends a prefix: `aws_iam_*`). */
  noCharge: z.array(z.string().regex(/^[a-z0-9_]+\*?$/, "must be a resource type, or a prefix ending in *")),
});

/** A price table. */
export type PriceTable = Readonly<z.infer<typeof priceTableSchema>>;

/** Checks a price table; every problem is named, with its path, at once. */
export function parsePriceTable(json: unknown, where: string): PriceTable {
  const parsed = priceTableSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.length > 0 ? i.path.join(".") : "(the table)"}: ${i.message}`);
    throw new PolicyInputError(`${where} is not a valid price table (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.join("\n")}\nStart from the table the package ships (policies/cost/prices.json) and change the figures only.`);
  }
  return parsed.data;
}

let shipped: PriceTable | undefined;

/** The table shipped in the package. */
export function shippedPriceTable(): PriceTable {
  return (shipped ??= parsePriceTable(SHIPPED, "the shipped price table"));
}
