/**
 * `envctl reap`: destroys expired environments. A dry run by default, printing
 * what it would destroy and in which order; `--yes` destroys. It never touches
 * prod, a protected, persistent or unexpired environment.
 */
import { EXIT } from "../../core/errors";
import { formatUtc } from "../../core/time";
import { inventoryOf } from "../../lifecycle/inventory";
import { executeReap, type DestroyRunner, type ReapOutcome } from "../../lifecycle/reap-run";
import { planReap } from "../../lifecycle/reaper";
import { TerraformRunner } from "../../terraform/runner";
import { CommandContext, NODE_FS } from "../io";
import { progressFor } from "../progress";
import { commandBody, LifecycleFlags, loadEnvironments, parseConcurrency, parseFormat, parseNow } from "./shared";

/** Flags of `envctl reap`. */
export interface ReapFlags extends LifecycleFlags {
  readonly now?: string;
  readonly yes?: boolean;
  readonly concurrency?: string;
}

/** Plans and, with `--yes`, carries out a reap. Exit 1 when any destroy failed. */
export function runReap(flags: ReapFlags, context: CommandContext, runner: DestroyRunner = new TerraformRunner()): Promise<number> {
  return commandBody("reap", context, async () => {
    const format = parseFormat(flags.format, ["text", "json"] as const);
    const now = parseNow(flags.now, context.now);
    const concurrency = parseConcurrency(flags.concurrency, 2);
    const { output, manifest, store } = loadEnvironments(context, flags);
    const plan = planReap(inventoryOf(manifest, store.readAll(), now), now);
    let outcome: ReapOutcome = { destroyed: [], failed: [] };
    if (flags.yes && plan.expired.length > 0) {
      const progress = progressFor(context);
      outcome = await executeReap(plan, {
        output,
        runner,
        store,
        fs: context.fs ?? NODE_FS,
        concurrency,
        clock: context.now,
        onProgress: (e) => (e.phase === "start" ? progress.start(e.environment, "destroying") : e.phase === "destroyed" ? progress.succeed(e.environment, "destroyed") : progress.fail(e.environment, `destroy failed: ${e.detail?.split("\n").pop()}`)),
      });
    }
    const report = { now: formatUtc(now), dryRun: !flags.yes, expired: plan.expired, skipped: plan.skipped, destroyed: outcome.destroyed, failed: outcome.failed };
    if (format === "json") context.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else context.stdout(renderReap(report));
    return outcome.failed.length > 0 ? EXIT.findings : EXIT.ok;
  });
}

function renderReap(report: { now: string; dryRun: boolean; expired: readonly { name: string; tier: string; expiresAt: string; stacks: readonly string[] }[]; skipped: readonly { name: string; reason: string }[]; destroyed: readonly string[]; failed: readonly { name: string; error: string }[] }): string {
  const lines = [`Reap at ${report.now}${report.dryRun ? " (dry run: nothing is destroyed without --yes)" : ""}:`];
  if (report.expired.length === 0) lines.push("  No environment has expired.");
  report.expired.forEach((e, i) => lines.push(`  ${i + 1}. ${e.name} (${e.tier}, expired ${e.expiresAt}): ${report.dryRun ? "would destroy" : "destroys"} ${e.stacks.join(", then ")}`));
  for (const s of report.skipped) lines.push(`  kept ${s.name}: ${s.reason}`);
  for (const d of report.destroyed) lines.push(`  destroyed ${d}`);
  for (const f of report.failed) lines.push(`  FAILED ${f.name}: ${f.error.split("\n").join("\n    ")}`);
  return `${lines.join("\n")}\n`;
}
