/**
 * The cost report of `envctl cost`: per environment (the stacks of a synth,
 * grouped by the environment their metadata names) or per file (a plan), the
 * monthly estimate, its budget, the priced, unpriced and free resources, the
 * usage assumed, and optionally rightsizing advice.
 */
import type { Tier } from "../../lib/core/profile";
import { TIER_USAGE, type UsageAssumptions } from "../../lib/core/usage";
import { adviseCost, type CostAdvice } from "../../policies/cost/advise";
import { cents, estimateCost, type CostLine, type UnpricedResource } from "../../policies/cost/estimate";
import type { PriceTable } from "../../policies/cost/price-table";
import { numberValue } from "../../policies/rules/helpers";
import type { StackModel } from "../../policies/model";

/** One environment's estimate. */
export interface EnvironmentCost {
  readonly name: string;
  readonly tier: Tier;
  /** Sum of the priced resources, in USD. */
  readonly monthlyUsd: number;
  /** The monthly limit of the environment's AWS Budgets budget, when it has one. */
  readonly budgetUsd: number | null;
  /**
   * The part of the estimate its budget tracks: AWS resources tagged with the
   * environment. Namespace capacity on a cluster is billed to the cluster's owner.
   */
  readonly budgetedUsd: number;
  readonly stacks: readonly string[];
  /** Priced resources, most expensive first. */
  readonly resources: readonly CostLine[];
  readonly unpriced: readonly UnpricedResource[];
  /** Resources AWS does not bill for. */
  readonly noCharge: readonly string[];
  /** The usage priced, and where it came from: the environment as its synth resolved it (its spec over its tier's defaults), or, for a stack without the library's metadata, the tier's defaults. */
  readonly usage: UsageAssumptions & { readonly source: "environment" | "tier defaults" };
  /** Present when advice was asked for. */
  readonly advice?: readonly CostAdvice[];
}

/** The whole report. */
export interface CostReport {
  readonly prices: Pick<PriceTable, "source" | "date" | "currency" | "region">;
  readonly environments: readonly EnvironmentCost[];
  /** What the reader must know (regions that differ from the table's, assumptions). */
  readonly notes: readonly string[];
}

/** Groups stacks by environment (their metadata's, else each stack alone) and estimates each group. */
export function costReport(stacks: readonly StackModel[], table: PriceTable, options: { readonly advise?: boolean; readonly regions?: ReadonlyMap<string, string> } = {}): CostReport {
  const groups = new Map<string, StackModel[]>();
  for (const stack of stacks) {
    const key = stack.environment ?? stack.name;
    groups.set(key, [...(groups.get(key) ?? []), stack]);
  }
  const environments = [...groups.entries()].map(([name, members]) => environmentCost(name, members, table, options.advise ?? false));
  const notes: string[] = [];
  const elsewhere = [...(options.regions ?? new Map<string, string>()).entries()].filter(([, region]) => region !== table.region);
  if (elsewhere.length > 0) {
    notes.push(`prices are ${table.region}'s (${table.source}, ${table.date}); ${elsewhere.map(([n, r]) => `${n} runs in ${r}`).join(", ")}, where rates differ: pass --prices with a table for that region for exact figures`);
  }
  const unpricedCount = environments.reduce((n, e) => n + e.unpriced.length, 0);
  if (unpricedCount > 0) notes.push(`${unpricedCount} resource(s) could not be priced and are not in the totals (listed as unpriced, with why)`);
  return { prices: { source: table.source, date: table.date, currency: table.currency, region: table.region }, environments, notes };
}

function environmentCost(name: string, stacks: readonly StackModel[], table: PriceTable, advise: boolean): EnvironmentCost {
  const tier = stacks[0].tier;
  const declared = stacks.find((s) => s.usage)?.usage;
  const usage = declared ?? TIER_USAGE[tier];
  const estimate = estimateCost(stacks, table, usage);
  const budgets = stacks
    .flatMap((s) => s.resourcesOfType("aws_budgets_budget"))
    .map((b) => numberValue(b.attributes.limit_amount))
    .filter((n): n is number => typeof n === "number");
  return {
    name,
    tier,
    monthlyUsd: estimate.monthlyUsd,
    budgetUsd: budgets.length > 0 ? cents(budgets.reduce((a, b) => a + b, 0)) : null,
    budgetedUsd: cents(estimate.lines.filter((l) => !l.type.startsWith("kubernetes_")).reduce((sum, l) => sum + l.monthlyUsd, 0)),
    stacks: stacks.map((s) => s.name),
    resources: estimate.lines,
    unpriced: estimate.unpriced,
    noCharge: estimate.noCharge,
    usage: { ...usage, source: declared ? "environment" : "tier defaults" },
    ...(advise ? { advice: adviseCost(stacks, table) } : {}),
  };
}

/** The report as the JSON `envctl cost --format json` prints. */
export function costReportJson(report: CostReport): unknown {
  return {
    prices: report.prices,
    environments: report.environments.map((e) => ({
      name: e.name,
      tier: e.tier,
      monthlyUsd: e.monthlyUsd,
      budgetUsd: e.budgetUsd,
      budgetedUsd: e.budgetedUsd,
      stacks: e.stacks,
      resources: e.resources.map((r) => ({ resource: r.resource, type: r.type, monthlyUsd: r.monthlyUsd, basis: r.basis })),
      unpriced: e.unpriced.map((u) => u.resource),
      unpricedReasons: Object.fromEntries(e.unpriced.map((u) => [u.resource, u.reason])),
      noCharge: e.noCharge,
      usage: e.usage,
      ...(e.advice ? { advice: e.advice } : {}),
    })),
    notes: report.notes,
  };
}
