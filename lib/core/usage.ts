/**
 * What an environment is expected to use each month, where AWS bills by use:
 * the cost estimate prices these, and says so. Each tier has defaults; an
 * environment sets its own in its spec (`usage`).
 */
// zod's v3 API: the same validation at a sixth of zod 4's load time, which every synth pays.
import { z } from "zod/v3";
import type { Tier } from "./profile";

const amount = (what: string) => z.number({ invalid_type_error: `must be a number (${what})` }).finite().nonnegative(`must be 0 or more (${what})`).max(10_000_000, `must be at most 10000000 (${what})`);

/** Schema of the usage assumptions. */
export const usageSchema = z.strictObject({
  /** Data the environment's buckets hold, in GB (S3 Standard), split across its buckets. */
  storageGb: amount("GB stored in the buckets"),
  /** Logs written per month, in GB, split across its log groups; each group keeps them for its retention. */
  logIngestionGbPerMonth: amount("GB of logs written per month"),
  /** Traffic through the NAT gateways per month, in GB, split across them. */
  natProcessedGbPerMonth: amount("GB through the NAT gateways per month"),
  /** Average load-balancer capacity units in use (LCUs), per load balancer. */
  loadBalancerCapacityUnits: amount("average LCUs per load balancer"),
});

/** An environment's usage assumptions. */
export type UsageAssumptions = Readonly<z.infer<typeof usageSchema>>;

/** What each tier is assumed to use when its spec says nothing. */
export const TIER_USAGE: Readonly<Record<Tier, UsageAssumptions>> = Object.freeze({
  preview: { storageGb: 5, logIngestionGbPerMonth: 1, natProcessedGbPerMonth: 5, loadBalancerCapacityUnits: 1 },
  dev: { storageGb: 20, logIngestionGbPerMonth: 5, natProcessedGbPerMonth: 20, loadBalancerCapacityUnits: 1 },
  test: { storageGb: 50, logIngestionGbPerMonth: 10, natProcessedGbPerMonth: 50, loadBalancerCapacityUnits: 1 },
  staging: { storageGb: 100, logIngestionGbPerMonth: 30, natProcessedGbPerMonth: 200, loadBalancerCapacityUnits: 2 },
  prod: { storageGb: 500, logIngestionGbPerMonth: 100, natProcessedGbPerMonth: 1000, loadBalancerCapacityUnits: 5 },
});
