/**
 * `envctl reap`: destroys expired environments. A dry run by default, printing
 * what it would destroy and in which order; `--yes` destroys. It never touches
 * prod, a protected, persistent or unexpired environment. It sees every
 * environment of the estate: a preview that the current cdktf.out leaves out
 * (a plain synth) is synthesized from its lifecycle record before its destroy.
 */
import { userInfo } from "node:os";
import { EXIT } from "../../../lib/core/errors";
import { formatUtc } from "../../../lib/core/time";
import type { EstateEntry } from "../../lifecycle/estate";
import { cdktfAppRunner, synthesizePreview, type AppRunner, type SynthesizedPreview } from "../../lifecycle/materialize";
import { executeReap, type DestroyRunner, type ReapOutcome } from "../../lifecycle/reap-run";
import { planReap, type ReapPlan, type ReapTarget } from "../../lifecycle/reaper";
import { reapFacts, type RemoteStateReader } from "../../lifecycle/reap-facts";
import { reapDisagreements } from "../../lifecycle/reap-proof";
import type { LifecycleRecord } from "../../../lib/lifecycle/records";
import { TerraformRunner } from "../../terraform/runner";
import { CommandContext, NODE_FS } from "../io";
import { progressFor } from "../progress";
import { commandBody, LifecycleFlags, loadEstate, parseConcurrency, parseFormat, parseNow, stackDeployed } from "./shared";

/** Flags of `envctl reap`. */
export interface ReapFlags extends LifecycleFlags {
  readonly now?: string;
  readonly yes?: boolean;
  readonly concurrency?: string;
}

/** Plans and, with `--yes`, carries out a reap. Exit 1 when any destroy failed. */
export function runReap(flags: ReapFlags, context: CommandContext, runner: DestroyRunner = new TerraformRunner(), runApp?: AppRunner): Promise<number> {
  return commandBody("reap", context, async () => {
    const format = parseFormat(flags.format, ["text", "json"] as const);
    const now = parseNow(flags.now, context.now);
    const concurrency = parseConcurrency(flags.concurrency, 2);
    const fs = context.fs ?? NODE_FS;
    const estate = loadEstate(context, flags, now);
    // What envctl cannot synthesize, it cannot destroy: a state whose environment is neither in the app nor a preview.
    const orphans = estate.live.filter((e) => e.knownFrom === "state" && e.tier !== "preview");
    const planned = planReap(
      estate.live.filter((e) => !orphans.includes(e)),
      now
    );
    const plan: ReapPlan = {
      expired: planned.expired,
      skipped: [
        ...planned.skipped,
        ...orphans.map((e) => ({ name: e.name, reason: `not in the app and not a preview, so envctl cannot synthesize its configuration; restore its spec, or destroy it with Terraform (state ${e.backend.replace(/^local /, "")})` })),
      ],
    };
    const entryOf = (target: ReapTarget) => estate.live.find((e) => e.name === target.name) as EstateEntry;
    let outcome: ReapOutcome = { destroyed: [], failed: [] };
    if (flags.yes && plan.expired.length > 0) {
      const progress = progressFor(context);
      const synthesize = runApp ?? cdktfAppRunner(fs, context.cwd, { ...process.env, ...context.env });
      const synthesizedPreviews: SynthesizedPreview[] = [];
      outcome = await executeReap(plan, {
        output: estate.output as NonNullable<typeof estate.output>,
        prepare: async (target) => {
          const entry = entryOf(target);
          // A preview known from its state alone gets its record back from the state's tags, so that its synth finds the same expiry and range.
          if (!entry.record) estate.store.write(recordOf(entry));
          const preview = await synthesizePreview(target.name, fs, context.cwd, synthesize);
          synthesizedPreviews.push(preview);
          const output = preview.output;
          const stacks = output.manifest?.environments.find((e) => e.name === target.name)?.stacks ?? [];
          return { output, stacks: [...stacks.filter((s) => s.kind === "kubernetes"), ...stacks.filter((s) => s.kind !== "kubernetes")].map((s) => s.name) };
        },
        runner,
        // Every target is proven ephemeral and expired by sources that agree, each read on its own, before anything of it is destroyed.
        disagreements: async (target, prepared) => reapDisagreements(await reapFacts(target, entryOf(target), prepared.output, prepared.stacks, fs, now, readRemoteState(runner))),
        deployed: (stack, output, name) => {
          const env = output.manifest?.environments.find((e) => e.name === name);
          return env ? stackDeployed(context, env, stack) : undefined;
        },
        store: estate.store,
        recordOf: (target) => recordOf(entryOf(target)),
        actor: `envctl reap (${actor(context.env)})`,
        fs,
        concurrency,
        clock: context.now,
        onProgress: (e) => {
          if (e.phase === "start") progress.start(e.environment, "starting");
          else if (e.phase === "synthesizing") progress.update(e.environment, "synthesizing from its lifecycle record (not in cdktf.out)");
          else if (e.phase === "destroying") progress.update(e.environment, `destroying ${e.detail} (terraform destroy)`);
          else if (e.phase === "destroyed") progress.succeed(e.environment, "destroyed");
          else progress.fail(e.environment, `destroy failed: ${e.detail?.split("\n").pop()}`);
        },
      }).finally(() => synthesizedPreviews.forEach((p) => p.remove()));
      progress.stop();
    }
    const expired = plan.expired.map((t) => ({ ...t, inCdktfOut: entryOf(t).knownFrom === "synth" }));
    const report = { now: formatUtc(now), dryRun: !flags.yes, expired, skipped: plan.skipped, destroyed: outcome.destroyed, failed: outcome.failed };
    if (format === "json") context.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else context.stdout(renderReap(report));
    return outcome.failed.length > 0 ? EXIT.findings : EXIT.ok;
  });
}

/** `terraform state pull` in a stack's directory, for a state that is not local. */
function readRemoteState(runner: DestroyRunner): RemoteStateReader {
  return async (directory) => {
    try {
      await runner.init(directory);
      return ((await runner.run(directory, ["state", "pull"])) as { stdout?: string } | undefined)?.stdout;
    } catch {
      return undefined;
    }
  };
}

/** The record an environment's tombstone is made from: its own, else what its synth or state says. */
function recordOf(entry: EstateEntry): LifecycleRecord {
  if (entry.record) return entry.record;
  const tags = entry.state?.tags ?? {};
  return {
    environment: entry.name,
    tier: entry.tier,
    createdAt: tags["created-at"] ?? entry.expiresAt ?? formatUtc(new Date(0)),
    expiresAt: entry.expiresAt ?? tags["expires-at"] ?? formatUtc(new Date(0)),
    ...(entry.state?.cidr ? { cidr: entry.state.cidr } : {}),
    owner: entry.owner,
  };
}

/** Who runs the command: the CI's actor, else the user. */
export function actor(env: Readonly<Record<string, string | undefined>>): string {
  const name = env.GITHUB_ACTOR ?? env.GITLAB_USER_LOGIN ?? env.USER ?? env.LOGNAME;
  if (name) return name;
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

type ReapReport = { now: string; dryRun: boolean; expired: readonly (ReapTarget & { inCdktfOut: boolean })[]; skipped: readonly { name: string; reason: string }[]; destroyed: readonly string[]; failed: readonly { name: string; error: string }[] };

function renderReap(report: ReapReport): string {
  const lines = [`Reap at ${report.now}${report.dryRun ? " (dry run: nothing is destroyed without --yes)" : ""}:`];
  if (report.expired.length === 0) lines.push("  No environment has expired.");
  report.expired.forEach((e, i) =>
    lines.push(`  ${i + 1}. ${e.name} (${e.tier}, expired ${e.expiresAt}): ${report.dryRun ? "would destroy" : "destroys"} ${e.inCdktfOut ? e.stacks.join(", then ") : `its stacks, synthesized from its lifecycle record (not in cdktf.out)`}`)
  );
  for (const s of report.skipped) lines.push(`  kept ${s.name}: ${s.reason}`);
  for (const d of report.destroyed) lines.push(`  destroyed ${d}`);
  for (const f of report.failed) lines.push(`  FAILED ${f.name}: ${f.error.split("\n").join("\n    ")}`);
  return `${lines.join("\n")}\n`;
}
