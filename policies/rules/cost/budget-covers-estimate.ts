import { TIER_USAGE } from "../../../lib/core/usage";
import { estimateCost } from "../../cost/estimate";
import { shippedPriceTable } from "../../cost/price-table";
import { fail, pass, Rule } from "../../rule";
import { EVERY_TIER } from "../levels";
import { numberValue, unknownValue, unresolved } from "../helpers";

/** Share of a budget at which the estimate is a warning. */
export const BUDGET_WARNING_SHARE = 0.8;

const money = (usd: number) => `$${usd.toFixed(2)}`;

/**
 * The stack's estimated monthly cost (the shipped price table, the
 * environment's usage assumptions) fits the budget the stack declares:
 * a warning from 80% of it, an error above it, naming the top cost drivers.
 */
export const budgetCoversEstimate: Rule = {
  id: "ENV-COST-001",
  category: "cost",
  title: "The stack's estimated monthly cost fits its budget (a warning from 80%, an error above 100%)",
  severity: EVERY_TIER,
  appliesTo: ["aws_budgets_budget"],
  equivalents: {},
  remediation:
    "Run `envctl cost <env> --advise` to see what costs more than the tier needs; reduce the sizing overrides named, or raise the tier's monthlyBudgetUsd (overrides.sizing.monthlyBudgetUsd) with the budget owner's approval",
  check(budget, stack) {
    if (budget.attributes.budget_type !== undefined && budget.attributes.budget_type !== "COST") return pass();
    const limit = numberValue(budget.attributes.limit_amount);
    if (limit === "unresolved") return unknownValue(unresolved("limit_amount", budget.attributes.limit_amount, "a number of US dollars"));
    if (limit === undefined || limit <= 0) return pass();
    const estimate = estimateCost([stack], shippedPriceTable(), stack.usage ?? TIER_USAGE[stack.tier]);
    const share = estimate.monthlyUsd / limit;
    if (share < BUDGET_WARNING_SHARE) return pass();
    const drivers = estimate.lines.slice(0, 3).map((l) => `${l.resource} ${money(l.monthlyUsd)}`).join(", ");
    const unpriced = estimate.unpriced.length > 0 ? `; ${estimate.unpriced.length} resources could not be priced and are not counted` : "";
    const message = `the stack's estimated cost is ${money(estimate.monthlyUsd)}/month, ${Math.round(share * 100)}% of its ${money(limit)} budget; top cost drivers: ${drivers}${unpriced}`;
    return share > 1 ? fail(message) : fail(message, { severity: "warning" });
  },
};
