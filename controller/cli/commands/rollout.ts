/**
 * `envctl up [ENV...]` and `envctl down ENV...`: whole environments, their
 * stacks in order (the AWS stack, then the Kubernetes stack that reads its
 * outputs; the reverse on the way down), environments side by side. Up
 * synthesizes once, refuses a release its promotion gate refuses, checks each
 * deployed environment's health and records its release. Down destroys what
 * cdktf.out describes, skipping stacks whose state holds nothing. Exit codes:
 * 0 all done, 1 some failed (or were refused), 2 bad input.
 */
import Table from "cli-table3";
import { EnvkitInputError, EXIT } from "../../../lib/core/errors";
import { terminalSafe } from "../../../lib/core/text";
import { ledgerStore, DEFAULT_RELEASE_DIRECTORY, type LedgerStore } from "../../../lib/releases/ledger";
import { identityOf } from "../../../lib/releases/identity";
import { BREAK_GLASS_VARIABLE, promotionGate } from "../../../lib/releases/gate";
import { declaredEnvironments, ONLY_VARIABLE, type EnvironmentManifest, type ManifestEnvironment } from "../../../stacks/app/manifest";
import { s3Factory, syncEnvironmentLedgers, type S3Factory } from "../../releases/remote";
import { runProjectApp } from "../../lifecycle/materialize";
import { readSynthOutput, type SynthOutput } from "../../manifest/output";
import { accountEnvironments } from "../../rollout/endpoints";
import { planDown, planUp, renderPlan, STACK_SELECTIONS, type RolloutPlan, type StackSelection } from "../../rollout/plan";
import { gitRevision } from "../../rollout/revision";
import { executeRollout, type EnvironmentOutcome, type RolloutRunOptions, type StackRunner } from "../../rollout/run";
import { TerraformRunner } from "../../terraform/runner";
import { CommandContext, NODE_FS } from "../io";
import { progressFor } from "../progress";
import { commandBody, manifestIfSynthesized, parseFormat, parseNow, stackDeployed } from "./shared";

/** Flags of `envctl up` and `envctl down`. */
export interface RolloutFlags {
  /** @default "cdktf.out" */
  readonly dir?: string;
  /** @default "all" */
  readonly stacks?: string;
  /** Environments at once. @default "2" */
  readonly parallel?: string;
  /** Print the ordered steps only. */
  readonly plan?: boolean;
  /** @default "text" */
  readonly format?: string;
  /** Use cdktf.out as it is, without synthesizing. */
  readonly skipSynth?: boolean;
  /** Up only: deploy a release the promotion gate refuses, for this reason (recorded). */
  readonly breakGlass?: string;
  /** @default "terraform-state/releases" */
  readonly releaseDir?: string;
  /** Judge expiry at this time (up). */
  readonly now?: string;
}

/** What the commands need besides the context (tests pass their own Terraform and health checks). */
export interface RolloutDependencies {
  readonly runner?: StackRunner;
  readonly health?: RolloutRunOptions["health"];
  /** Synthesizes the app into `outdir` with `extra` in its environment. */
  readonly synthesize?: (outdir: string, extra: NodeJS.ProcessEnv) => Promise<void>;
  /** S3 clients for the ledgers beside S3 states. @default - from the shell's AWS environment */
  readonly s3?: S3Factory;
}

function parseStacks(value: string | undefined): StackSelection {
  const stacks = (value ?? "all") as StackSelection;
  if (!STACK_SELECTIONS.includes(stacks)) throw new EnvkitInputError(`--stacks ${JSON.stringify(value)} is not one of ${STACK_SELECTIONS.join(", ")}.`);
  return stacks;
}

function parseParallel(value: string | undefined): number {
  if (value === undefined) return 2;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 16) throw new EnvkitInputError(`--parallel ${JSON.stringify(value)} must be a whole number from 1 to 16.`);
  return n;
}

/** Runs `envctl up`. */
export function runUp(names: readonly string[], flags: RolloutFlags, context: CommandContext, deps: RolloutDependencies = {}): Promise<number> {
  return rollout("up", names, flags, context, deps);
}

/** Runs `envctl down`. */
export function runDown(names: readonly string[], flags: RolloutFlags, context: CommandContext, deps: RolloutDependencies = {}): Promise<number> {
  return rollout("down", names, flags, context, deps);
}

async function rollout(direction: "up" | "down", names: readonly string[], flags: RolloutFlags, context: CommandContext, deps: RolloutDependencies): Promise<number> {
  const progress = progressFor(context);
  try {
    return await commandBody(direction, context, async () => {
      const format = parseFormat(flags.format, ["text", "json"] as const);
      const stacks = parseStacks(flags.stacks);
      const parallel = parseParallel(flags.parallel);
      const now = parseNow(flags.now, context.now);
      const breakGlass = flags.breakGlass?.trim();
      if (flags.breakGlass !== undefined && direction === "down") throw new EnvkitInputError("--break-glass is for envctl up: a teardown has no promotion gate.");
      if (flags.breakGlass !== undefined && (!breakGlass || breakGlass.length > 500))
        throw new EnvkitInputError("--break-glass needs the reason for deploying an unpromoted release (1 to 500 characters), such as an incident number: it is recorded and shown by envctl list and history.");
      if (direction === "down" && names.length === 0) throw new EnvkitInputError("name the environments to tear down (envctl down dev pr-123): a teardown never takes every environment by default");
      const fs = context.fs ?? NODE_FS;
      const dir = flags.dir ?? "cdktf.out";
      const env = { ...process.env, ...context.env } as NodeJS.ProcessEnv;
      // Up deploys the code as it is now; down destroys what the last synth described (its states say what exists), as envctl reap does.
      const ledgers = ledgerStore(fs, context.cwd, flags.releaseDir ?? DEFAULT_RELEASE_DIRECTORY);
      // Ledgers beside S3 states are brought into the local copy the synth reads (its promotion gate), and this run's entries taken back.
      const s3 = deps.s3 ?? s3Factory(env);
      const syncFor = async (manifest: EnvironmentManifest | undefined, only: readonly string[]) => (manifest ? syncEnvironmentLedgers(ledgers, manifest.environments, s3, only.length > 0 ? only : undefined) : []);
      if (direction === "up" && !flags.skipSynth) {
        const synthesize = deps.synthesize ?? ((outdir: string, extra: NodeJS.ProcessEnv) => runProjectApp(fs, context.cwd, env, outdir, extra, "the app"));
        const previous = manifestIfSynthesized(context, dir);
        // Environments the last synth knew are synthesized alone (the output keeps the others as they were): one environment of a large estate costs what it costs alone.
        // A name it did not know (a new preview, a typo) takes a whole synth, after which the plan names what is unknown.
        const only = names.length > 0 && previous && names.every((n) => declaredEnvironments(previous).some((e) => e.name === n)) ? [...new Set(names)].join(",") : undefined;
        const synthOnce = async () => {
          progress.start("synth", `synthesizing the app into ${dir}`);
          await synthesize(dir, { ...(only ? { [ONLY_VARIABLE]: only } : {}), ...(breakGlass ? { [BREAK_GLASS_VARIABLE]: breakGlass } : {}) });
          progress.succeed("synth", `synthesized into ${dir}`);
        };
        await syncFor(previous, names);
        await synthOnce();
        // An environment the previous synth did not know (or a first run) learns its ledger only now: the gate is judged again from it.
        const pulled = (await syncFor(readSynthOutput(fs, context.cwd, dir).manifest, names)).some((s) => s.pulled);
        if (pulled) await synthOnce();
      }
      const output = readSynthOutput(fs, context.cwd, dir);
      if (!output.manifest) throw new EnvkitInputError(`${dir} has no environment manifest (envkit.manifest.json): synthesize the app with createEnvironmentApp (\`cdktf synth\`) first.`);
      const plan = direction === "up" ? planUp(output.manifest, names, { stacks, now }) : planDown(output.manifest, names, { stacks });
      if (direction === "up" && flags.skipSynth) await syncFor(output.manifest, names);
      const gates = direction === "up" ? gatesNow(plan, output, ledgers, flags.skipSynth === true) : new Map<string, GateNow>();
      if (flags.plan) {
        context.stdout(format === "json" ? `${JSON.stringify(planJson(plan, gates), null, 2)}\n` : renderPlanWithGates(plan, gates));
        return plan.refused.length > 0 || [...gates.values()].some((g) => g.refusal) ? EXIT.findings : EXIT.ok;
      }
      const environmentOf = accountEnvironments(context.cwd, env);
      const runner = deps.runner ?? new TerraformRunner({ env });
      const actor = identityOf(context.env, context.cwd)?.name ?? "unknown";
      const health = deps.health ?? (direction === "up" ? defaultHealth : undefined);
      const outcomes = await executeRollout(plan, {
        output,
        runner,
        environmentOf: (e: ManifestEnvironment) => environmentOf(e.resolved.account, e.name),
        concurrency: parallel,
        health,
        ledgers: direction === "up" ? ledgers : undefined,
        refusals: new Map([...gates].flatMap(([name, g]) => (g.refusal ? [[name, g.refusal] as const] : []))),
        revision: direction === "up" ? gitRevision(context.cwd) : undefined,
        deployed: (e: ManifestEnvironment, stack: string) => stackDeployed(context, e, stack),
        workRoot: context.cwd,
        actor,
        breakGlass,
        clock: context.now,
        onProgress: (environment, phase, text) => {
          if (phase === "start") progress.start(environment, text);
          else if (phase === "step") progress.update(environment, text);
          else if (phase === "done") progress.succeed(environment, text);
          else progress.fail(environment, text);
        },
      });
      progress.stop();
      context.stdout(format === "json" ? `${JSON.stringify({ direction, environments: outcomes }, null, 2)}\n` : renderOutcomes(direction, outcomes));
      // The deploys' records go beside their S3 states; a bucket out of reach fails the command, and the local copy keeps them for the next one.
      const ran = [...new Set(plan.steps.map((s) => s.environment))];
      if (direction === "up" && ran.length > 0) await syncFor(output.manifest, ran);
      return outcomes.every((o) => o.result === "deployed" || o.result === "destroyed" || o.result === "skipped") ? EXIT.ok : EXIT.findings;
    });
  } finally {
    progress.stop();
  }
}

/** The health of a deployed environment, by the checks of `envctl status`, through its account's API. */
const defaultHealth: RolloutRunOptions["health"] = async (env, awsEnv) => {
  const [{ checkStatus }, { awsClients }] = await Promise.all([import("../../status/status"), import("../../status/aws-clients")]);
  const report = await checkStatus([env.resolved], { clients: (region) => awsClients(region, { ...process.env, ...awsEnv }) });
  return report.environments[0];
};

/** What the promotion gate of an environment says now. */
interface GateNow {
  readonly release: string;
  readonly requiresPromotion: boolean;
  readonly promoted: boolean;
  readonly lastPromoted?: string;
  readonly refusal?: string;
  readonly breakGlass?: string;
}

/**
 * The gate of each environment of an up plan, judged from its ledger as it is
 * now: the synth judged it too (and its stacks hold the guard when it
 * refused), but a promotion may have been recorded since an output that is
 * not synthesized again (`--skip-synth`, `--plan`).
 */
function gatesNow(plan: RolloutPlan, output: SynthOutput, ledgers: LedgerStore, reused: boolean): Map<string, GateNow> {
  const gates = new Map<string, GateNow>();
  for (const name of new Set(plan.steps.map((s) => s.environment))) {
    const env = output.manifest?.environments.find((e) => e.name === name);
    const release = env?.release;
    if (!env || !release) continue;
    const verdict = promotionGate(env.name, env.tier, { id: release.id, digest: release.digest }, ledgers.read(env.name), release.policy);
    let refusal = release.breakGlass ? undefined : verdict.refusal;
    if (!refusal && release.refusal && reused)
      refusal = `${output.dir} was synthesized before release ${release.id} was promoted to ${name}, and its stacks still hold the promotion guard: synthesize again (envctl up without --skip-synth, or cdktf synth)`;
    gates.set(name, { release: release.id, requiresPromotion: release.policy.requiresPromotion, promoted: verdict.promoted, lastPromoted: verdict.last?.release, refusal, breakGlass: release.breakGlass });
  }
  return gates;
}

/** The plan as JSON: each step with its environment, stack and what it waits for; the release gate of each environment. */
function planJson(plan: RolloutPlan, gates: ReadonlyMap<string, GateNow>) {
  const releases = [...gates].map(([environment, g]) => ({ environment, ...g, lastPromoted: g.lastPromoted ?? null, refusal: g.refusal ?? null, breakGlass: g.breakGlass ?? null }));
  return { direction: plan.direction, steps: plan.steps, skipped: plan.skipped, refused: plan.refused, releases };
}

function renderPlanWithGates(plan: RolloutPlan, gates: ReadonlyMap<string, GateNow>): string {
  const lines = [renderPlan(plan).trimEnd()];
  for (const [name, g] of gates) {
    if (g.refusal) lines.push(`refused ${name}: ${g.refusal}`);
    else if (g.breakGlass) lines.push(`release ${g.release} goes to ${name} past its promotion gate (break glass: ${g.breakGlass})`);
    else if (g.requiresPromotion) lines.push(`release ${g.release} is promoted to ${name}`);
  }
  return `${lines.join("\n")}\n`;
}

const seconds = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`);

/** The summary table, then what went wrong in each environment that did not end well. */
export function renderOutcomes(direction: "up" | "down", outcomes: readonly EnvironmentOutcome[]): string {
  const head = ["Environment", "Stacks", "Result", "Duration", direction === "up" ? "Resources (+ ~ -)" : "Destroyed", ...(direction === "up" ? ["Release"] : [])];
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const o of outcomes) {
    const counts = direction === "up" ? `+${o.changes.added} ~${o.changes.changed} -${o.changes.destroyed}` : String(o.changes.destroyed);
    table.push([o.environment, o.stacks.join("\n") || "-", o.result, o.ms > 0 ? seconds(o.ms) : "-", o.result === "skipped" || o.result === "refused" ? "-" : counts, ...(direction === "up" ? [o.release ?? "-"] : [])]);
  }
  const lines = [table.toString()];
  for (const o of outcomes.filter((x) => x.detail)) lines.push(`${o.environment} ${o.result}: ${terminalSafe(o.detail as string)}`);
  const bad = outcomes.filter((o) => !["deployed", "destroyed", "skipped"].includes(o.result));
  lines.push(bad.length === 0 ? `All ${outcomes.length} environment(s) ${direction === "up" ? "up" : "down"}.` : `${bad.length} of ${outcomes.length} environment(s) did not end well: ${bad.map((o) => `${o.environment} (${o.result})`).join(", ")}.`);
  return `${lines.join("\n")}\n`;
}
