/**
 * `envctl drift [ENV...]`: what changed in the cloud since the last deploy,
 * from Terraform's refresh-only plan, with the provider's noise filtered out;
 * and, separately, what changed in the code. `--fix` applies the plan that
 * restores the declared configuration (prod only with `--yes`).
 * Exit codes, as Terraform's `-detailed-exitcode`: 0 no drift, 2 drift (or bad
 * input), 1 an environment whose drift could not be read or fixed.
 */
import { EXIT } from "../../core/errors";
import { terminalSafe } from "../../core/text";
import type { AttributeChange } from "../../lifecycle/drift";
import { driftOfEnvironments, type DriftRunOptions, type EnvironmentDrift } from "../../lifecycle/drift-run";
import { TerraformRunner } from "../../terraform/runner";
import { CommandContext } from "../io";
import { progressFor } from "../progress";
import { commandBody, LifecycleFlags, loadEnvironments, parseConcurrency, parseFormat, pickEnvironments } from "./shared";

/** Flags of `envctl drift`. */
export interface DriftFlags extends LifecycleFlags {
  readonly fix?: boolean;
  readonly yes?: boolean;
  readonly concurrency?: string;
}

/** The exit code of drift found and not corrected. */
export const EXIT_DRIFT = 2;

/** Reads the drift of `names` (every environment when empty). */
export function runDrift(names: readonly string[], flags: DriftFlags, context: CommandContext, runner: DriftRunOptions["runner"] = new TerraformRunner()): Promise<number> {
  return commandBody("drift", context, async () => {
    const format = parseFormat(flags.format, ["text", "json"] as const);
    const concurrency = parseConcurrency(flags.concurrency, 2);
    const { output, manifest } = loadEnvironments(context, flags);
    const environments = pickEnvironments(manifest, names);
    const progress = progressFor(context);
    const report = await driftOfEnvironments(environments, {
      output,
      runner,
      concurrency,
      fix: flags.fix,
      yes: flags.yes,
      onProgress: (e) => {
        if (e.phase === "start") progress.start(e.environment, "reading drift (terraform plan -refresh-only)");
        else if (e.phase === "fixing") progress.start(e.environment, "correcting drift (terraform apply)");
        else if (e.phase === "failed") progress.fail(e.environment, "drift could not be read");
        else if (e.drift?.fix?.applied) progress.succeed(e.environment, "drift corrected");
        else if (e.drift?.drifted) progress.fail(e.environment, `drifted: ${count(e.drift)} resource(s)`);
        else progress.succeed(e.environment, "no drift");
      },
    });
    if (format === "json") context.stdout(`${JSON.stringify({ environments: report }, null, 2)}\n`);
    else context.stdout(renderDrift(report));
    if (report.some((e) => e.error)) return EXIT.findings;
    return report.some((e) => e.drifted && !e.fix?.applied) ? EXIT_DRIFT : EXIT.ok;
  });
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
      for (const r of stack.drifted) {
        lines.push(`  ${r.change === "delete" ? "deleted" : "changed"} ${stack.stack}: ${r.address}`);
        for (const a of r.attributes) lines.push(`      ${a.path}: ${show(a.before)} -> ${show(a.after)}`);
      }
      if (stack.pending.length > 0) {
        lines.push(`  configuration changed since the last deploy (${stack.stack}, not drift; deploy to apply):`);
        for (const p of stack.pending) lines.push(`      ${p.actions.join(", then ")} ${p.address}`);
      }
      if (stack.ignored.length > 0) lines.push(`  ignored in ${stack.stack}: ${stack.ignored.length} resource(s) whose only changes are provider noise (envctl drift --format json lists them)`);
    }
    if (env.fix) {
      for (const plan of env.fix.plans) lines.push(`  plan that restores ${plan.stack}:`, ...indent(terminalSafe(plan.text).trimEnd().split("\n"), 4));
      lines.push(env.fix.applied ? "  drift corrected: the declared configuration is applied" : `  NOT corrected: ${env.fix.reason}`);
    }
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
