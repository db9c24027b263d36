import type { TerraformStack } from "cdktf";
import type { Finding, Report } from "../../policies/engine";
import { formatError, policyAspectOf } from "./aspect";
import { evaluateStack, type PolicyOptions } from "./evaluate-stack";

/**
 * The policy report of a stack, as its synth would compute it. cdktf's
 * `Testing.synth` skips validations, so tests call this instead.
 * It uses the stack's `PolicyAspect` settings (tier, rules, waivers), `options` overriding them;
 * a stack without one is evaluated with the default packs for the tier in its tags.
 */
export function policyReportOf(stack: TerraformStack, options?: PolicyOptions): Report {
  const aspect = policyAspectOf(stack);
  return evaluateStack(stack, aspect?.tier, { ...aspect?.options, ...options });
}

/** Every finding of a stack, waived ones included (see `Finding.waived`). */
export function findingsOf(stack: TerraformStack, options?: PolicyOptions): readonly Finding[] {
  return policyReportOf(stack, options).findings;
}

/**
 * Throws, with one readable line per finding, when a stack has unwaived
 * error findings: use it in any test runner (`expectNoPolicyErrors(stack)`).
 */
export function expectNoPolicyErrors(stack: TerraformStack, options?: PolicyOptions): void {
  const errors = findingsOf(stack, options).filter((f) => f.severity === "error" && !f.waived);
  if (errors.length > 0) {
    throw new Error(`Stack ${stack.node.id} has ${errors.length} policy error(s):\n  - ${errors.map(formatError).join("\n  - ")}`);
  }
}
