/**
 * `envctl drift [ENV...]`: what changed in the cloud since the last deploy,
 * from Terraform's refresh-only plan, with the provider's noise filtered out;
 * and, separately, what changed in the code. `--fix` shows the plan that
 * restores what drifted (targeted at it) and applies it on confirmation;
 * prod, a plan that does more than correct drift, and a run without a
 * terminal need `--yes`.
 * Exit codes, as Terraform's `-detailed-exitcode`: 0 no drift, 2 drift (or bad
 * input), 1 an environment whose drift could not be read or fixed.
 */
import { EXIT } from "../../../lib/core/errors";
import { terminalSafe } from "../../../lib/core/text";
import type { AttributeChange } from "../../lifecycle/drift";
import { driftOfEnvironments, type DriftRunOptions, type EnvironmentDrift, type FixReview } from "../../lifecycle/drift-run";
import type { AppRunner } from "../../lifecycle/materialize";
import { TerraformRunner } from "../../terraform/runner";
import { CommandContext } from "../io";
import { progressFor } from "../progress";
import { commandBody, LifecycleFlags, loadEstate, parseConcurrency, parseFormat, pickEstate, stackDeployed, synthesizedEnvironments } from "./shared";

/** Flags of `envctl drift`. */
export interface DriftFlags extends LifecycleFlags {
  readonly fix?: boolean;
  /** Applies the fix plans without asking, replacements and changes from the code included. */
  readonly yes?: boolean;
  readonly concurrency?: string;
}

/** The exit code of drift found and not corrected. */
export const EXIT_DRIFT = 2;

/** Reads the drift of `names` (every environment of the estate when empty). */
export function runDrift(names: readonly string[], flags: DriftFlags, context: CommandContext, runner: DriftRunOptions["runner"] = new TerraformRunner(), runApp?: AppRunner): Promise<number> {
  return commandBody("drift", context, async () => {
    const format = parseFormat(flags.format, ["text", "json"] as const);
    const concurrency = parseConcurrency(flags.concurrency, 2);
    const estate = loadEstate(context, flags, context.now());
    const { synthesized, unavailable, dispose } = await synthesizedEnvironments(pickEstate(estate, names), estate, context, runApp);
    const progress = progressFor(context);
    const outputs = new Map([...synthesized].map(([name, s]) => [name, s.output]));
    const report = await driftOfEnvironments(
      [...synthesized.values()].map((s) => s.environment),
      {
        output: estate.output as NonNullable<typeof estate.output>,
        outputs,
        runner,
        concurrency,
        deployed: (stack, env) => stackDeployed(context, env, stack),
        fix: flags.fix,
        decide: async (review) => {
          progress.update(review.environment.name, "plan ready for review");
          if (format === "text") context.stdout(renderFixPlans(review));
          return decideFix(review, flags, context, format);
        },
        onProgress: (e) => {
          if (e.phase === "start") progress.start(e.environment, "reading drift (terraform plan -refresh-only)");
          else if (e.phase === "fixing") progress.update(e.environment, "planning the correction (terraform plan, targeted at what drifted)");
          else if (e.phase === "failed") progress.fail(e.environment, "drift could not be read");
          else if (e.drift?.fix?.applied) progress.succeed(e.environment, "drift corrected");
          else if (e.drift?.drifted) progress.fail(e.environment, `drifted: ${count(e.drift)} resource(s)${e.drift.fix ? ", not corrected" : ""}`);
          else progress.succeed(e.environment, "no drift");
        },
      }
    ).finally(dispose);
    progress.stop();
    // An environment known from its state alone has no configuration to compare with: an error, never "no drift".
    const all: EnvironmentDrift[] = [...report, ...unavailable.map((u) => ({ name: u.name, tier: estate.live.find((e) => e.name === u.name)?.tier ?? "unknown", drifted: false, stacks: [], error: u.reason }))];
    if (format === "json") context.stdout(`${JSON.stringify({ environments: all }, null, 2)}\n`);
    else context.stdout(renderDrift(all));
    if (all.some((e) => e.error)) return EXIT.findings;
    return all.some((e) => e.drifted && !e.fix?.applied) ? EXIT_DRIFT : EXIT.ok;
  });
}

/**
 * Whether a shown fix plan is applied: with --yes, always; otherwise never
 * in prod, never when the plan does more than correct drift (a replacement,
 * a deletion, a change from the code), never without a terminal to confirm
 * on; on a terminal, when the answer is `yes`.
 */
async function decideFix(review: FixReview, flags: DriftFlags, context: CommandContext, format: string): Promise<true | string> {
  if (flags.yes) return true;
  const problems = review.plans.flatMap((p) => p.problems);
  if (review.environment.tier === "prod") return "prod is corrected only with --yes; review the plan above";
  if (problems.length > 0)
    return `the plan does more than correct drift (${problems
      .map((p) => `${p.address} ${p.kind === "code" ? "changes from the code" : `would be ${p.kind === "replace" ? "replaced" : "destroyed"}`}`)
      .join("; ")}); deploy the code with cdktf deploy, or apply this plan with --fix --yes`;
  const terminal = context.stdinIsTty === true && context.stdoutIsTty && format === "text" && context.confirm !== undefined;
  if (!terminal) return "without a terminal to confirm on, --fix applies only with --yes; review the plan above";
  return (await (context.confirm as NonNullable<CommandContext["confirm"]>)(`Apply this plan to ${review.environment.name}? Only 'yes' applies it: `)) ? true : "not confirmed";
}

/** The fix plans of one environment, shown before anything is applied, with what in them is more than a correction. */
function renderFixPlans(review: FixReview): string {
  const lines: string[] = [];
  for (const plan of review.plans) {
    lines.push(`plan that restores ${plan.stack} (targeted at the resources that drifted):`, ...indent(terminalSafe(plan.text).trimEnd().split("\n"), 4));
    if (plan.problems.length > 0) lines.push("  more than a correction of drift (applied only with --yes):", ...plan.problems.map((p) => `    - ${p.address}: ${p.detail}`));
  }
  return `${lines.join("\n")}\n`;
}

const count = (env: EnvironmentDrift) => env.stacks.reduce((n, s) => n + s.drifted.length, 0);

/** The report for people: per environment, each drifted resource with its changed attributes. */
export function renderDrift(report: readonly EnvironmentDrift[]): string {
  const lines: string[] = [];
  for (const env of report) {
    if (env.error) {
      lines.push(`${env.name} (${env.tier}): ERROR, drift could not be read:`, ...indent(terminalSafe(env.error).split("\n"), 4));
      continue;
    }
    lines.push(`${env.name} (${env.tier}): ${env.drifted ? `DRIFTED, ${count(env)} resource(s) changed outside Terraform` : "no drift"}`);
    for (const stack of env.stacks) {
      if (stack.notDeployed) lines.push(`  ${stack.stack}: not deployed (no state), nothing to read`);
      for (const r of stack.drifted) {
        lines.push(`  ${r.change === "delete" ? "deleted" : "changed"} ${stack.stack}: ${r.address}`);
        for (const a of r.attributes) lines.push(`      ${a.path}: ${show(a.before)} -> ${show(a.after)}`);
      }
      if (stack.pending.length > 0) {
        lines.push(`  configuration changed since the last deploy (${stack.stack}, not drift; deploy to apply):`);
        for (const p of stack.pending) lines.push(`      ${p.actions.join(", then ")} ${p.address}`);
      }
      if (stack.pendingUnread) lines.push(`  changes from the code not read (${stack.stack}): ${terminalSafe(stack.pendingUnread)}`);
      if (stack.ignored.length > 0) lines.push(`  ignored in ${stack.stack}: ${stack.ignored.length} resource(s) whose only changes are provider noise (envctl drift --format json lists them)`);
    }
    if (env.fix) lines.push(env.fix.applied ? "  drift corrected: the plan shown above is applied" : `  NOT corrected: ${env.fix.reason}`);
  }
  const drifted = report.filter((e) => e.drifted && !e.fix?.applied).length;
  const fixed = report.filter((e) => e.fix?.applied).length;
  const failed = report.filter((e) => e.error).length;
  if (failed > 0) lines.push(`${failed} environment(s) could not be read.`);
  else if (drifted > 0) lines.push(`${drifted} environment(s) drifted; envctl drift --fix restores the declared configuration.`);
  else lines.push(fixed > 0 ? `Drift corrected in ${fixed} environment(s).` : "No drift.");
  return `${lines.join("\n")}\n`;
}

function show(value: AttributeChange["before"]): string {
  return terminalSafe(value === null || value === undefined ? "(none)" : JSON.stringify(value));
}

const indent = (lines: readonly string[], n: number) => lines.map((l) => `${" ".repeat(n)}${l}`);
