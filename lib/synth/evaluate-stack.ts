import type { TerraformStack } from "cdktf";
import { evaluate, type Report } from "../../policies/engine";
import { loadTerraformJson } from "../../policies/loaders";
import { definePolicy, type PolicyConfig } from "../../policies/packs";
import type { Waiver } from "../../policies/waivers";
import type { Tier } from "../core/tiers";
import { constructWaiversOf } from "./construct-waivers";

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
  readonly clock?: () => Date;
}

let defaultConfig: PolicyConfig | undefined;

/**
 * Evaluates the policies over a stack's resolved Terraform JSON: the same rules,
 * on the same JSON, as `envctl check` runs on `cdktf.out`. `json` is the
 * stack's `toTerraform()`, when the caller has it already.
 */
export function evaluateStack(stack: TerraformStack, tier: Tier | undefined, options: PolicyOptions = {}, json: Record<string, unknown> = stack.toTerraform()): Report {
  const now = (options.clock ?? (() => new Date()))();
  const model = loadTerraformJson(json, { stackName: stack.node.id, tier, now });
  const config = options.config ?? (defaultConfig ??= definePolicy());
  return evaluate(config, [model], { now, waivers: [...constructWaiversOf(stack), ...(options.waivers ?? [])] });
}
