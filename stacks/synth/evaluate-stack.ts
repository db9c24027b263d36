import type { TerraformStack } from "cdktf";
import { evaluate, type Report } from "../../policies/engine";
import { loadTerraformJson } from "../../policies/loaders";
import { definePolicy, type PolicyConfig } from "../../policies/packs";
import type { Waiver } from "../../policies/waiver-match";
import type { Tier } from "../../lib/core/profile";
import { systemClock, type Clock } from "../../lib/core/time";

/** How a stack's policies run. */
export interface PolicyOptions {
  /**
   * The rules in force, by tier.
   * @default - definePolicy(): the baseline, production and kubernetes packs
   */
  readonly config?: PolicyConfig;
  /**
   * Waivers beyond those attached to constructs with `waive()`.
   * @default - none
   */
  readonly waivers?: readonly Waiver[];
  /**
   * The clock, read only to check recorded expiries (of environments and waivers).
   * @default - the system clock
   */
  readonly clock?: Clock;
}

let defaultConfig: PolicyConfig | undefined;

/** The policy configuration `options` name, or the built-in packs. */
export function policyConfigOf(options: PolicyOptions): PolicyConfig {
  return options.config ?? (defaultConfig ??= definePolicy());
}

/**
 * Evaluates the policies over a stack's resolved Terraform JSON: the same rules,
 * on the same JSON (construct waivers included, from its `"//"` metadata), as
 * `envctl check` runs on `cdktf.out`. `json` is the stack's `toTerraform()`, when the caller has it already.
 */
export function evaluateStack(stack: TerraformStack, tier: Tier | undefined, options: PolicyOptions = {}, json: Record<string, unknown> = stack.toTerraform()): Report {
  const now = (options.clock ?? systemClock)();
  const model = loadTerraformJson(json, { stackName: stack.node.id, tier, now });
  const config = policyConfigOf(options);
  return evaluate(config, [model], { now, waivers: options.waivers ?? [], maxWaiverDays: config.maxWaiverDays });
}
