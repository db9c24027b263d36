/**
 * The policy engine: runs rules over stack models and applies waivers.
 * Work is linear in resources: each rule visits only the resources of its
 * types (an index lookup), and cross-resource rules use the stack's lazily
 * built reference indexes.
 */
import type { Tier } from "../lib/core/profile";
import { duplicateRuleId } from "./errors";
import { StackModel, TfResource } from "./model";
import { FindingSeverity, Rule, RuleCategory, RuleEquivalents, RuleLevel, RuleResult } from "./rule";
import { DEFAULT_MAX_WAIVER_DAYS, findWaiver, isExpired, Waiver, waiverExpiry, waiverMatches, waiverTarget } from "./waiver-match";

export * from "./model";
export * from "./rule";
export * from "./loaders";
export { PolicyInputError } from "./errors";

/** Rule id of the finding reported for each waiver that runs past the longest a waiver may (`maxWaiverDays`). */
export const OVERLONG_WAIVER_RULE_ID = "ENV-WAIVER-TOO-LONG";

/** Rule id of the finding reported for each expired waiver. */
export const EXPIRED_WAIVER_RULE_ID = "ENV-WAIVER-EXPIRED";

/** A rule's failure on one resource. */
export interface Finding {
  /** Id of the rule (or `ENV-WAIVER-EXPIRED`). */
  readonly ruleId: string;
  /** The rule's category; `waiver` for expired-waiver findings. */
  readonly category: RuleCategory | "waiver";
  /** Severity in the stack's tier. */
  readonly severity: FindingSeverity;
  /** Address of the resource, `<type>.<name>`. */
  readonly resource: string;
  /** Stack of the resource. */
  readonly stack: string;
  /** What was found, and what is allowed. */
  readonly message: string;
  /** How to fix it. */
  readonly remediation: string;
  /** True when a waiver in force silences the finding. */
  readonly waived: boolean;
  /** cdktf construct path of the resource, when known. */
  readonly constructPath?: string;
  /** Matching public controls. */
  readonly equivalents: RuleEquivalents;
  /** The waiver that silences (or, when refused, would have silenced) the finding. */
  readonly waiver?: Waiver;
}

/** Totals of a report; waived findings count only under `waived`. */
export interface ReportSummary {
  /** Unwaived error findings. */
  readonly errors: number;
  /** Unwaived warning findings. */
  readonly warnings: number;
  /** Findings silenced by a waiver. */
  readonly waived: number;
  /** Resources evaluated, over all stacks. */
  readonly resources: number;
  /** Stacks (files) the resources were read from. */
  readonly stacks: number;
  /** Distinct rules evaluated (not `off`) in at least one stack. */
  readonly rules: number;
}

/** What happened to the waivers given to `evaluate`. */
export interface WaiverStatus {
  /** Waivers not yet expired. */
  readonly inForce: readonly Waiver[];
  /** Waivers past their expiry: they waive nothing and are reported. */
  readonly expired: readonly Waiver[];
  /** Waivers in force that matched no finding: candidates for deletion. */
  readonly unused: readonly Waiver[];
}

/** One evaluated stack. */
export interface EvaluatedStack {
  readonly name: string;
  readonly tier: Tier;
  /** File the stack was read from, relative to the working directory, when known. */
  readonly file?: string;
  readonly resources: number;
  /** Ids of the rules that ran on this stack, in evaluation order. */
  readonly ruleIds: readonly string[];
}

/** A rule as reports describe it. */
export interface RuleDescriptor {
  readonly id: string;
  readonly title: string;
  readonly category: RuleCategory;
  readonly remediation: string;
  readonly equivalents: RuleEquivalents;
  readonly severity: Readonly<Record<Tier, RuleLevel>>;
}

/** The result of one evaluation. */
export interface Report {
  readonly findings: readonly Finding[];
  readonly summary: ReportSummary;
  readonly waivers: WaiverStatus;
  readonly stacks: readonly EvaluatedStack[];
  /** Every rule that ran, for report formats that describe rules (SARIF, JUnit). */
  readonly rules: readonly RuleDescriptor[];
  /** Notes for the reader (printed by the text and Markdown reports). */
  readonly notes: readonly string[];
}

/** Something that picks the rules of a tier (and, when it cares, of a stack), such as a `PolicyConfig`. */
export interface RuleSelector {
  rulesFor(tier: Tier, stack?: string): readonly Rule[];
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /**
   * Waivers to apply.
   * @default - none
   */
  readonly waivers?: readonly Waiver[];
  /** The clock for waiver expiry. */
  readonly now: Date;
  /**
   * The longest a waiver may run from now: one that expires later waives
   * nothing, and a finding says why (a waiver is a dated exception, not a
   * permanent one).
   * @default 90
   */
  readonly maxWaiverDays?: number;
  /**
   * Findings computed elsewhere, already judged (custom rules at synth, read back from the manifest).
   * @default - none
   */
  readonly extraFindings?: readonly Finding[];
  /**
   * Notes for the reader of the report, e.g. which rules ran at synth only.
   * @default - none
   */
  readonly notes?: readonly string[];
}

/** Runs `policy` (a rule list, or a selector giving each stack's tier its rules) over `stacks`. */
export function evaluate(policy: readonly Rule[] | RuleSelector, stacks: readonly StackModel[], options: EvaluateOptions): Report {
  // Waivers given by the caller apply everywhere they match; those recorded in a stack apply to it. One that runs past the cap waives nothing.
  const given = [...(options.waivers ?? []), ...stacks.flatMap((s) => s.waivers)];
  const cap = options.now.getTime() + (options.maxWaiverDays ?? DEFAULT_MAX_WAIVER_DAYS) * 86_400_000;
  const overlong = given.filter((w) => !isExpired(w, options.now) && waiverExpiry(w).getTime() > cap);
  const waivers = given.filter((w) => !overlong.includes(w));
  const usedWaivers = new Set<Waiver>();
  const findings: Finding[] = [];
  const evaluated: EvaluatedStack[] = [];
  const descriptors = new Map<string, RuleDescriptor>();
  for (const stack of stacks) {
    const rules = "rulesFor" in policy ? policy.rulesFor(stack.tier, stack.name) : policy;
    assertUniqueIds(rules);
    const ran: string[] = [];
    let taggable: readonly TfResource[] | undefined;
    for (const rule of rules) {
      const level = rule.severity[stack.tier];
      if (level === "off") continue;
      ran.push(rule.id);
      if (!descriptors.has(rule.id)) descriptors.set(rule.id, describeRule(rule));
      const targets = rule.appliesTo === "*" ? (taggable ??= stack.resources.filter((r) => stack.isTaggable(r))) : targetsOf(rule.appliesTo, stack);
      for (const resource of targets) {
        const result = runCheck(rule, resource, stack);
        if (result.kind !== "fail") continue;
        const finding = declaredWeakening(toFinding(rule, level, result, resource, stack), rule, stack);
        findings.push(applyWaiver(finding, rule, stack.tier, waivers, options.now, usedWaivers));
      }
    }
    evaluated.push({ name: stack.name, tier: stack.tier, resources: stack.resources.length, ruleIds: ran, ...(stack.file ? { file: stack.file } : {}) });
  }
  findings.push(...(options.extraFindings ?? []));
  const expired = waivers.filter((w) => isExpired(w, options.now));
  findings.push(...expired.map(expiredWaiverFinding));
  findings.push(...overlong.map((w) => overlongWaiverFinding(w, options.maxWaiverDays ?? DEFAULT_MAX_WAIVER_DAYS)));
  const inForce = waivers.filter((w) => !isExpired(w, options.now));
  return {
    findings,
    summary: summarize(findings, stacks, descriptors.size),
    waivers: { inForce, expired, unused: inForce.filter((w) => !usedWaivers.has(w)) },
    stacks: evaluated,
    rules: [...descriptors.values()],
    notes: options.notes ?? [],
  };
}

/** True when the report has unwaived error findings (the CLI then exits 1). */
export function hasErrors(report: Report): boolean {
  return report.summary.errors > 0;
}

function targetsOf(types: readonly string[], stack: StackModel): readonly TfResource[] {
  if (types.length === 1) return stack.resourcesOfType(types[0]);
  return [...new Set(types)].flatMap((type) => stack.resourcesOfType(type));
}

function runCheck(rule: Rule, resource: TfResource, stack: StackModel): RuleResult {
  try {
    return rule.check(resource, stack);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { kind: "fail", severity: "error", message: `rule ${rule.id} could not evaluate this resource (${reason}); this is a bug in the rule — report it with the resource's JSON` };
  }
}

function toFinding(rule: Rule, level: FindingSeverity, result: { message: string; severity?: FindingSeverity }, resource: TfResource, stack: StackModel): Finding {
  return {
    ruleId: rule.id,
    category: rule.category,
    severity: milder(level, result.severity),
    resource: resource.address,
    stack: stack.name,
    message: result.message,
    remediation: rule.remediation,
    waived: false,
    equivalents: rule.equivalents,
    ...(resource.constructPath ? { constructPath: resource.constructPath } : {}),
  };
}

/**
 * A finding of a rule whose control the environment weakens on purpose: below
 * prod it is at most a warning, and in every tier it names the override.
 */
function declaredWeakening(finding: Finding, rule: Rule, stack: StackModel): Finding {
  if (rule.control === "lifecycle.deletionProtection" && stack.decommission) {
    const { approvedBy, reason } = stack.decommission;
    return { ...finding, severity: milder(finding.severity, "warning"), message: `${finding.message} (the environment is being decommissioned, approved by ${approvedBy}: ${reason})` };
  }
  const declared = rule.control && stack.weakenedControls.find((w) => w.field === rule.control);
  if (!declared) return finding;
  const where = `overrides.${declared.field} = ${JSON.stringify(declared.value)}${stack.environment ? ` in environment ${stack.environment}` : ""}`;
  if (stack.tier === "prod") {
    return { ...finding, message: `${finding.message} (caused by ${where}; prod keeps ${declared.baseline}: remove the override)` };
  }
  return { ...finding, severity: milder(finding.severity, "warning"), message: `${finding.message} (declared weakening: ${where}; the ${stack.tier} tier keeps ${declared.baseline})` };
}

function applyWaiver(finding: Finding, rule: Rule, tier: Tier, waivers: readonly Waiver[], now: Date, used: Set<Waiver>): Finding {
  const waiver = findWaiver(waivers, finding, now);
  if (!waiver) {
    // A waiver that would have covered this finding but has expired is named, so the user sees why it fires again.
    const lapsed = waivers.find((w) => isExpired(w, now) && waiverMatches(w, finding));
    return lapsed ? { ...finding, message: `${finding.message} (the waiver ${describeWaiver(lapsed)} expired on ${lapsed.expires})` } : finding;
  }
  used.add(waiver);
  if (rule.unwaivableIn?.includes(tier)) {
    const message = `${finding.message} (waiver refused: ${rule.id} cannot be waived in ${tier}; fix the resource instead)`;
    return { ...finding, message, waiver };
  }
  return { ...finding, waived: true, waiver };
}

function describeWaiver(waiver: Waiver): string {
  const owner = [waiver.owner && `owner ${waiver.owner}`, waiver.ticket && `ticket ${waiver.ticket}`].filter(Boolean).join(", ");
  return `of ${waiver.ruleId} for ${waiverTarget(waiver)} (${owner})`;
}

/** A finding about a waiver itself (expired, or running too long): a warning that waives nothing. */
function waiverFinding(ruleId: string, waiver: Waiver, message: string, remediation: string): Finding {
  return { ruleId, category: "waiver", severity: "warning", resource: waiverTarget(waiver), stack: waiver.stack ?? "*", message, remediation, waived: false, equivalents: {}, waiver };
}

function overlongWaiverFinding(waiver: Waiver, maxDays: number): Finding {
  return waiverFinding(
    OVERLONG_WAIVER_RULE_ID,
    waiver,
    `the waiver ${describeWaiver(waiver)} expires on ${waiver.expires}, more than ${maxDays} days from now; it waives nothing`,
    `Give it an expiry within ${maxDays} days (the policy's maxWaiverDays), and renew it then with an updated reason if it is still needed.`,
  );
}

function expiredWaiverFinding(waiver: Waiver): Finding {
  return waiverFinding(EXPIRED_WAIVER_RULE_ID, waiver, `the waiver ${describeWaiver(waiver)} expired on ${waiver.expires}; it no longer waives anything`, "Fix the finding and delete the waiver, or renew it with a new expiry and an updated reason.");
}

function summarize(findings: readonly Finding[], stacks: readonly StackModel[], rules: number): ReportSummary {
  let errors = 0;
  let warnings = 0;
  let waived = 0;
  for (const finding of findings) {
    if (finding.waived) waived++;
    else if (finding.severity === "error") errors++;
    else if (finding.severity === "warning") warnings++;
  }
  return { errors, warnings, waived, resources: stacks.reduce((n, s) => n + s.resources.length, 0), stacks: stacks.length, rules };
}

function describeRule(rule: Rule): RuleDescriptor {
  return { id: rule.id, title: rule.title, category: rule.category, remediation: rule.remediation, equivalents: rule.equivalents, severity: rule.severity };
}

function assertUniqueIds(rules: readonly Rule[]): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw duplicateRuleId(rule.id);
    seen.add(rule.id);
  }
}

const RANK: Record<FindingSeverity, number> = { info: 0, warning: 1, error: 2 };

function milder(level: FindingSeverity, requested: FindingSeverity | undefined): FindingSeverity {
  return requested !== undefined && RANK[requested] < RANK[level] ? requested : level;
}
