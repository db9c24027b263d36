import { Annotations, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import type { Finding } from "../../policies/engine";
import type { Tier } from "../core/tiers";
import { evaluateStack, type PolicyOptions } from "./evaluate-stack";
import { rememberSynthJson } from "./synth-memo";

/**
 * Runs the policy packs over a stack at synth. It only reads: on the stack it
 * registers a validation, which cdktf runs after every aspect, so the rules see
 * the final resources. Error findings fail the synth; warnings are annotated.
 */
export class PolicyAspect implements IAspect {
  private readonly registered = new WeakSet<TerraformStack>();
  private readonly annotated = new WeakSet<TerraformStack>();

  constructor(readonly tier: Tier | undefined, readonly options: PolicyOptions = {}) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.registered.has(node)) return;
    this.registered.add(node);
    const stack = node;
    node.node.addValidation({
      validate: () => {
        const json = stack.toTerraform();
        const report = evaluateStack(stack, this.tier, this.options, json);
        rememberSynthJson(stack, json);
        // Validations may run twice (an all-or-nothing preflight, then cdktf's synth); annotate once.
        if (!this.annotated.has(stack)) annotateWarnings(stack, report.findings);
        this.annotated.add(stack);
        return report.findings.filter((f) => f.severity === "error" && !f.waived).map(formatError);
      },
    });
  }
}

/** One line per error finding: rule, resource, construct path, message, fix. */
export function formatError(f: Finding): string {
  const where = f.constructPath ? `${f.resource} at ${f.constructPath}` : f.resource;
  return `[${f.ruleId}] ${where}: ${f.message}. Fix: ${f.remediation}`;
}

function annotateWarnings(stack: TerraformStack, findings: readonly Finding[]): void {
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c]));
  for (const f of findings) {
    if (f.severity !== "warning" || f.waived) continue;
    const target = (f.constructPath && byPath.get(f.constructPath)) || stack;
    Annotations.of(target).addWarning(`[${f.ruleId}] ${f.resource}: ${f.message}. Fix: ${f.remediation}`);
  }
}
