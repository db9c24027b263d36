/**
 * Rightsizing advice: settings that cost more than the stack's tier needs,
 * each with what changing it would save, from the same price table as the
 * estimate. It reads resources, so it works on synthesized stacks and plans.
 */
import { tierProfile } from "../../lib/core/tiers";
import type { StackModel, TfResource } from "../model";
import { flag, numberValue } from "../rules/helpers";
import { cents, literal } from "./estimate";
import type { PriceTable } from "./price-table";

/** One piece of advice. */
export interface CostAdvice {
  readonly resource: string;
  /** The argument to change. */
  readonly setting: string;
  readonly current: string;
  readonly suggested: string;
  /** What the change saves per month, in USD (0 when it cannot be priced). */
  readonly monthlySavingUsd: number;
  /** Why the tier does not need it. */
  readonly why: string;
}


/** Advice for the stacks of one environment, most saving first. */
export function adviseCost(stacks: readonly StackModel[], table: PriceTable): CostAdvice[] {
  const advice: CostAdvice[] = [];
  const hours = table.hoursPerMonth;
  for (const stack of stacks) {
    const profile = tierProfile(stack.tier);
    const { sizing } = profile;
    for (const db of stack.resourcesOfType("aws_db_instance")) advice.push(...databaseAdvice(db, stack, table));
    const nats = stack.resourcesOfType("aws_nat_gateway");
    if (sizing.nat === "single" && nats.length > 1) {
      const each = table.natGateway.hourly * hours + (stack.resourcesOfType("aws_eip").length >= nats.length ? table.publicIpv4.hourly * hours : 0);
      advice.push({
        resource: nats.slice(1).map((n) => n.address).join(", "),
        setting: "overrides.sizing.nat",
        current: `"per-az" (${nats.length} NAT gateways)`,
        suggested: `"single" (the ${stack.tier} preset)`,
        monthlySavingUsd: cents(each * (nats.length - 1)),
        why: `a ${stack.tier} environment shares one NAT gateway: zone-level resilience of outbound traffic is a production need`,
      });
    }
    for (const group of stack.resourcesOfType("aws_cloudwatch_log_group")) {
      const days = numberValue(group.attributes.retention_in_days);
      if (typeof days !== "number" || (days !== 0 && days <= profile.lifecycle.logRetentionDays)) continue;
      const groups = stack.resourcesOfType("aws_cloudwatch_log_group").length;
      const usage = stack.usage?.logIngestionGbPerMonth;
      const monthly = usage === undefined ? 0 : usage / groups;
      const keptNow = days === 0 ? 12 : days / 30;
      const keptThen = profile.lifecycle.logRetentionDays / 30;
      advice.push({
        resource: group.address,
        setting: "overrides.lifecycle.logRetentionDays",
        current: days === 0 ? "never expire" : `${days} days`,
        suggested: `${profile.lifecycle.logRetentionDays} days (the ${stack.tier} preset)`,
        monthlySavingUsd: cents(monthly * (keptNow - keptThen) * table.cloudwatchLogs.storagePerGbMonth),
        why: `logs of a ${stack.tier} environment are kept ${profile.lifecycle.logRetentionDays} days${usage === undefined ? "; the saving needs usage assumptions (stack metadata), so it is not priced" : ""}`,
      });
    }
  }
  return advice.sort((a, b) => b.monthlySavingUsd - a.monthlySavingUsd || a.resource.localeCompare(b.resource));
}

function databaseAdvice(db: TfResource, stack: StackModel, table: PriceTable): CostAdvice[] {
  const { sizing } = tierProfile(stack.tier);
  const hours = table.hoursPerMonth;
  const engine = literal(db.attributes.engine)?.replace(/-.*$/, "");
  const prices = engine ? table.rds.instanceHourly[engine] : undefined;
  const instanceClass = literal(db.attributes.instance_class);
  const multiAz = flag(db.attributes.multi_az) === true;
  const copies = multiAz ? table.rds.multiAzFactor : 1;
  const advice: CostAdvice[] = [];
  const current = instanceClass ? prices?.[instanceClass] : undefined;
  const preset = prices?.[sizing.dbInstanceClass];
  if (instanceClass && instanceClass !== sizing.dbInstanceClass && current !== undefined && preset !== undefined && current > preset) {
    advice.push({
      resource: db.address,
      setting: "overrides.sizing.dbInstanceClass",
      current: instanceClass,
      suggested: `${sizing.dbInstanceClass} (the ${stack.tier} preset)`,
      monthlySavingUsd: cents((current - preset) * hours * copies),
      why: `the ${stack.tier} tier sizes its database as ${sizing.dbInstanceClass}`,
    });
  }
  if (multiAz && !sizing.dbMultiAz) {
    const hourly = preset !== undefined && instanceClass === sizing.dbInstanceClass ? preset : current;
    const storage = numberValue(db.attributes.allocated_storage);
    const perGb = table.rds.storagePerGbMonth[literal(db.attributes.storage_type) ?? "gp2"] ?? 0;
    const standby = (hourly ?? 0) * hours + (typeof storage === "number" ? storage * perGb : 0);
    advice.push({
      resource: db.address,
      setting: "overrides.sizing.dbMultiAz",
      current: "true",
      suggested: `false (the ${stack.tier} preset)`,
      monthlySavingUsd: cents(standby * (table.rds.multiAzFactor - 1)),
      why: `a ${stack.tier} database does not need a standby in a second zone${hourly === undefined ? " (its class is not in the price table, so only storage is counted)" : ""}`,
    });
  }
  const allocated = numberValue(db.attributes.allocated_storage);
  const perGb = table.rds.storagePerGbMonth[literal(db.attributes.storage_type) ?? "gp2"];
  if (typeof allocated === "number" && allocated > sizing.dbAllocatedStorageGiB && perGb !== undefined) {
    advice.push({
      resource: db.address,
      setting: "overrides.sizing.dbAllocatedStorageGiB",
      current: `${allocated} GiB`,
      suggested: `${sizing.dbAllocatedStorageGiB} GiB (the ${stack.tier} preset; storage autoscaling grows it when needed)`,
      monthlySavingUsd: cents((allocated - sizing.dbAllocatedStorageGiB) * perGb * copies),
      why: `the ${stack.tier} tier starts databases at ${sizing.dbAllocatedStorageGiB} GiB`,
    });
  }
  return advice;
}
