import { Annotations, Aspects, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import type { Finding, Report } from "../../policies/engine";
import { waiverTarget } from "../../policies/waiver-match";
import type { Tier } from "../../lib/core/profile";
import { rememberResolvedJson } from "../resolved-json";
import { evaluateStack, type PolicyOptions } from "./evaluate-stack";

const REPORTS = new WeakMap<TerraformStack, Report>();

/**
 * Runs the policy packs over a stack at synth. It only reads: on the stack it
 * registers a validation, which cdktf runs after every aspect, so the rules see
 * the final resources. Error findings fail the synth; warnings, expired and
 * unused waivers are annotated.
 */
export class PolicyAspect implements IAspect {
  private readonly registered = new WeakSet<TerraformStack>();
  private readonly annotated = new WeakSet<TerraformStack>();

  constructor(
    /** The tier to judge by; undefined reads it from the stack's `tier` default tag. */
    readonly tier: Tier | undefined,
    /** Rules, waivers and clock. */
    readonly options: PolicyOptions = {},
  ) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.registered.has(node)) return;
    this.registered.add(node);
    const stack = node;
    node.node.addValidation({
      validate: () => {
        const json = stack.toTerraform();
        const report = evaluateStack(stack, this.tier, this.options, json);
        rememberResolvedJson(stack, json);
        REPORTS.set(stack, report);
        // Validations may run twice (an all-or-nothing preflight, then cdktf's synth); annotate once.
        if (!this.annotated.has(stack)) annotate(stack, report);
        this.annotated.add(stack);
        return report.findings.filter((f) => f.severity === "error" && !f.waived).map(formatError);
      },
    });
  }
}

/** Adds the policy check to a stack (what `createEnvironmentApp` does for every environment stack). */
export function enforcePolicies(stack: TerraformStack, tier: Tier | undefined, options: PolicyOptions = {}): PolicyAspect {
  const aspect = new PolicyAspect(tier, options);
  Aspects.of(stack).add(aspect);
  return aspect;
}

/** The policy aspect of a stack, if it has one. */
export function policyAspectOf(stack: TerraformStack): PolicyAspect | undefined {
  return Aspects.of(stack).all.find((a): a is PolicyAspect => a instanceof PolicyAspect);
}

/** The report of the stack's last synth-time policy check, if it ran. */
export function lastPolicyReport(stack: TerraformStack): Report | undefined {
  return REPORTS.get(stack);
}

/** One line per error finding: rule, resource, construct path, message, fix. */
export function formatError(f: Finding): string {
  const where = f.constructPath ? `${f.resource} at ${f.constructPath}` : f.resource;
  return `[${f.ruleId}] ${where}: ${f.message}. Fix: ${f.remediation}`;
}

/** A warning the same rule gives with the same message on this many resources or more is one line for the stack. */
const GROUPED_WARNINGS = 3;

function annotate(stack: TerraformStack, report: Report): void {
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c]));
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    if (f.severity !== "warning" || f.waived) continue;
    const key = `${f.ruleId}\u0000${f.message}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const group of groups.values()) {
    const [f] = group;
    if (group.length >= GROUPED_WARNINGS) {
      const named = group.slice(0, 2).map((g) => g.resource).join(", ");
      Annotations.of(stack).addWarning(`[${f.ruleId}] ${group.length} resources (${named} and ${group.length - 2} more): ${f.message}. Fix: ${f.remediation}`);
      continue;
    }
    for (const g of group) Annotations.of((g.constructPath && byPath.get(g.constructPath)) || stack).addWarning(`[${g.ruleId}] ${g.resource}: ${g.message}. Fix: ${g.remediation}`);
  }
  for (const w of report.waivers.unused) {
    if (w.stack !== undefined && w.stack !== stack.node.id) continue;
    Annotations.of(stack).addWarning(`unused waiver: ${w.ruleId} for ${waiverTarget(w)} (expires ${w.expires}) matched no finding; delete it`);
  }
}
