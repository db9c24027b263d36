/**
 * Carrying out a rollout plan: each environment's stacks in order (each
 * waits for the one before it), environments side by side, at most
 * `concurrency` at a time. One environment's failure stops only that
 * environment. On the way up, an environment whose release its promotion gate
 * refuses is refused before Terraform runs; a deployed environment is checked
 * with the same checks as `envctl status`, and its release is recorded in its
 * ledger (found healthy, or not).
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { mapBounded } from "../../lib/core/concurrency";
import { formatUtc } from "../../lib/core/time";
import type { Deployment, LedgerStore } from "../../lib/releases/ledger";
import type { EnvironmentManifest, ManifestEnvironment } from "../../stacks/app/manifest";
import { stackDirectory, type SynthOutput } from "../manifest/output";
import type { EnvironmentStatus } from "../status/status";
import type { RolloutPlan, RolloutStep } from "./plan";

/** What the rollout needs of Terraform. */
export interface StackRunner {
  exec(cwd: string, args: readonly string[], extraEnv?: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }>;
}

/** Resources Terraform reported changing. */
export interface Changes {
  readonly added: number;
  readonly changed: number;
  readonly destroyed: number;
}

/** How one environment ended. */
export interface EnvironmentOutcome {
  readonly environment: string;
  readonly tier: string;
  readonly stacks: readonly string[];
  readonly result: "deployed" | "destroyed" | "unhealthy" | "refused" | "failed" | "skipped";
  readonly ms: number;
  readonly changes: Changes;
  /** The release deployed (up). */
  readonly release?: string;
  /** What went wrong, or why it was skipped or refused. */
  readonly detail?: string;
  /** The health checks run after the deploy. */
  readonly health?: EnvironmentStatus;
}

/** The revision of the app's source. */
export interface Revision {
  readonly commit: string | null;
  readonly dirty: boolean;
}

/** How to carry out a plan. */
export interface RolloutRunOptions {
  readonly output: SynthOutput;
  readonly runner: StackRunner;
  /** The AWS settings of an environment that differ from the shell's (its account's emulator). */
  readonly environmentOf: (env: ManifestEnvironment) => NodeJS.ProcessEnv;
  /** @default 2 */
  readonly concurrency?: number;
  /** Checks a deployed environment (up only). */
  readonly health?: (env: ManifestEnvironment, awsEnv: NodeJS.ProcessEnv) => Promise<EnvironmentStatus>;
  /** Where deploys are recorded (up only). */
  readonly ledgers?: LedgerStore;
  readonly revision?: Revision;
  readonly actor: string;
  /** Why the gate is lifted on purpose, when it is. */
  readonly breakGlass?: string;
  /**
   * Whether a stack has been deployed (down only): false for a local state that
   * is missing or empty, which is skipped; undefined when not known.
   * @default - every stack is destroyed
   */
  readonly deployed?: (env: ManifestEnvironment, stack: string) => boolean | undefined;
  /**
   * The project root, under which each stack runs in a working copy of its
   * own (`.envctl/run/`): a synth into the output directory while a deploy
   * runs (another terminal's envctl up or cdktf synth) never changes what
   * Terraform is running.
   * @default - each stack runs in its directory of the output
   */
  readonly workRoot?: string;
  /** The environments whose release the promotion gate refuses, with why (up only). */
  readonly refusals?: ReadonlyMap<string, string>;
  readonly clock: () => Date;
  readonly onProgress?: (environment: string, phase: "start" | "step" | "done" | "failed", text: string) => void;
}

const NONE: Changes = { added: 0, changed: 0, destroyed: 0 };

/** Adds the counts of Terraform's closing line(s) ("Apply complete! Resources: 3 added, 1 changed, 0 destroyed." / "Destroy complete! Resources: 5 destroyed."). */
export function changesOf(text: string, into: Changes = NONE): Changes {
  const apply = /Apply complete! Resources: (\d+) added, (\d+) changed, (\d+) destroyed/.exec(text);
  if (apply)
    return {
      added: into.added + Number(apply[1]),
      changed: into.changed + Number(apply[2]),
      destroyed: into.destroyed + Number(apply[3]),
    };
  const destroy = /Destroy complete! Resources: (\d+) destroyed/.exec(text);
  if (destroy) return { ...into, destroyed: into.destroyed + Number(destroy[1]) };
  return into;
}

/** Terraform's own error diagnostics (summary and detail), without the source excerpts around them; else its last lines. */
export function terraformError(stderr: string, stdout: string): string {
  const text = `${stderr}\n${stdout}`.replace(/\u001b\[[0-9;]*m/g, "");
  const start = text.indexOf("Error: ");
  if (start === -1) return text.trim().split("\n").slice(-12).join("\n");
  const kept = text
    .slice(start)
    .split("\n")
    .filter((line) => !/^\s+on .+ line \d+/.test(line) && !/^\s*\d+:/.test(line) && !/^\s*[├│]/.test(line))
    .map((line) => line.trimEnd());
  return kept
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Where the run directory of the working copies lives, relative to the project root. */
export const RUN_DIRECTORY = ".envctl/run";

/**
 * A working copy of a synthesized stack: its Terraform JSON (and lock file)
 * at the same depth below the project root as in the output, so that a
 * relative local state path (`../../../terraform-state/...`) finds the same
 * state. An output outside the project counts as `cdktf.out` (depth 3), as
 * the backend's path does. Returns the directory and how to remove it.
 */
function workingCopy(stackDir: string, stack: string, root: string): { dir: string; remove: () => void } {
  const base = resolve(root, RUN_DIRECTORY, `${stack}-${randomBytes(4).toString("hex")}`);
  const path = relative(root, stackDir);
  const depth = path.startsWith("..") ? 3 : path.split(/[\\/]/).length;
  // RUN_DIRECTORY/<id> is 3 deep; a deeper output gets as many levels more.
  const dir = join(base, ...Array.from({ length: Math.max(0, depth - 3) }, (_, i) => `level-${i + 1}`));
  mkdirSync(dir, { recursive: true });
  for (const file of ["cdk.tf.json", ".terraform.lock.hcl"]) if (existsSync(join(stackDir, file))) copyFileSync(join(stackDir, file), join(dir, file));
  return { dir, remove: () => rmSync(base, { recursive: true, force: true }) };
}

/** The directory Terraform runs each stack of the plan in. */
type StackDirectories = ReadonlyMap<string, string>;

/** Carries out `plan`; resolves with one outcome per environment of the plan (and each one skipped or refused). */
export async function executeRollout(plan: RolloutPlan, options: RolloutRunOptions): Promise<EnvironmentOutcome[]> {
  const manifest = options.output.manifest as EnvironmentManifest;
  const byEnvironment = new Map<string, RolloutStep[]>();
  for (const step of plan.steps) byEnvironment.set(step.environment, [...(byEnvironment.get(step.environment) ?? []), step]);
  // Every stack is copied before any runs: what this command deploys or destroys is cdktf.out as it was when it started.
  const copies = options.workRoot
    ? plan.steps.map((s) => ({
        stack: s.stack,
        ...workingCopy(stackDirectory(options.output, s.stack), s.stack, options.workRoot as string),
      }))
    : [];
  const dirs: StackDirectories = new Map(plan.steps.map((s) => [s.stack, copies.find((c) => c.stack === s.stack)?.dir ?? stackDirectory(options.output, s.stack)]));
  let outcomes: EnvironmentOutcome[];
  try {
    outcomes = await mapBounded([...byEnvironment], options.concurrency ?? 2, async ([name, steps]) => {
      const env = manifest.environments.find((e) => e.name === name) as ManifestEnvironment;
      return plan.direction === "up" ? up(env, steps, options, dirs) : down(env, steps, options, dirs);
    });
  } finally {
    copies.forEach((c) => c.remove());
  }
  const others = [...plan.skipped.map((s) => ({ ...s, result: "skipped" as const })), ...plan.refused.map((r) => ({ ...r, result: "refused" as const }))].map((x) => {
    const env = manifest.environments.find((e) => e.name === x.environment);
    return {
      environment: x.environment,
      tier: env?.tier ?? "",
      stacks: [],
      result: x.result,
      ms: 0,
      changes: NONE,
      detail: x.reason,
    } satisfies EnvironmentOutcome;
  });
  return [...outcomes, ...others];
}

async function up(env: ManifestEnvironment, steps: readonly RolloutStep[], options: RolloutRunOptions, dirs: StackDirectories): Promise<EnvironmentOutcome> {
  const started = options.clock().getTime();
  const stacks = steps.map((s) => s.stack);
  const base = {
    environment: env.name,
    tier: env.tier,
    stacks,
    release: env.release?.id,
  };
  const took = () => options.clock().getTime() - started;
  const refusal = options.refusals?.get(env.name);
  if (refusal) {
    options.onProgress?.(env.name, "failed", `refused: ${refusal}`);
    return {
      ...base,
      result: "refused",
      ms: 0,
      changes: NONE,
      detail: refusal,
    };
  }
  options.onProgress?.(env.name, "start", `deploying ${stacks.join(", then ")}`);
  let changes = NONE;
  let awsEnv: NodeJS.ProcessEnv;
  try {
    awsEnv = options.environmentOf(env);
    for (const step of steps) changes = await runStack(env, step.stack, "apply", dirs, awsEnv, options, changes);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    options.onProgress?.(env.name, "failed", `failed: ${detail.split("\n")[0]}`);
    return { ...base, result: "failed", ms: took(), changes, detail };
  }
  const deployedAt = options.clock();
  let health: EnvironmentStatus | undefined;
  if (options.health && stacks.some((s) => env.stacks.find((x) => x.name === s)?.kind === "aws")) {
    options.onProgress?.(env.name, "step", "checking health through the AWS API");
    health = await options.health(env, awsEnv).catch((error: unknown) => ({
      name: env.name,
      tier: env.tier,
      healthy: false,
      checks: [
        {
          component: "aws-api",
          resource: env.name,
          ok: false,
          detail: error instanceof Error ? error.message : String(error),
        },
      ],
    }));
  }
  const healthy = health === undefined || health.healthy;
  record(env, stacks, deployedAt, healthy ? options.clock() : undefined, options);
  const result = healthy ? "deployed" : "unhealthy";
  const failedChecks = health?.checks.filter((c) => !c.ok).map((c) => `${c.component} ${c.resource}: ${c.detail}`) ?? [];
  options.onProgress?.(env.name, healthy ? "done" : "failed", healthy ? `deployed ${env.release?.id ?? ""}${health ? `, healthy (${health.checks.length} checks)` : ""}`.trim() : `deployed, but unhealthy: ${failedChecks.join("; ")}`);
  return {
    ...base,
    result,
    ms: took(),
    changes,
    health,
    ...(healthy ? {} : { detail: `unhealthy: ${failedChecks.join("; ")}` }),
  };
}

/** Appends the deploy to the environment's ledger. */
function record(env: ManifestEnvironment, stacks: readonly string[], deployedAt: Date, healthyAt: Date | undefined, options: RolloutRunOptions): void {
  if (!options.ledgers || !env.release) return;
  const ledger = options.ledgers.read(env.name);
  const deployment: Deployment = {
    release: env.release.id,
    digest: env.release.digest,
    revision: {
      commit: options.revision?.commit ?? null,
      dirty: options.revision?.dirty ?? true,
    },
    library: options.output.manifest?.libraryVersion ?? "unknown",
    deployedAt: formatUtc(deployedAt),
    deployedBy: options.actor,
    stacks: [...stacks],
    ...(healthyAt ? { healthyAt: formatUtc(healthyAt) } : {}),
    ...(env.release.breakGlass ? { breakGlass: env.release.breakGlass } : {}),
  };
  options.ledgers.write({
    ...ledger,
    deployments: [...ledger.deployments, deployment],
  });
}

async function down(env: ManifestEnvironment, steps: readonly RolloutStep[], options: RolloutRunOptions, dirs: StackDirectories): Promise<EnvironmentOutcome> {
  const started = options.clock().getTime();
  const stacks = steps.map((s) => s.stack);
  let changes = NONE;
  const skipped = steps.filter((s) => options.deployed?.(env, s.stack) === false).map((s) => s.stack);
  const destroyed = stacks.filter((s) => !skipped.includes(s));
  const note = skipped.length > 0 ? `${skipped.join(", ")}: nothing deployed (its state holds no resource), skipped` : undefined;
  const outcome = (result: "failed" | "destroyed", detail: string | undefined): EnvironmentOutcome => ({
    environment: env.name,
    tier: env.tier,
    stacks: destroyed,
    result,
    ms: options.clock().getTime() - started,
    changes,
    ...(detail ? { detail } : {}),
  });
  options.onProgress?.(env.name, "start", `destroying ${destroyed.join(", then ") || "nothing"}`);
  try {
    const awsEnv = options.environmentOf(env);
    for (const step of steps) if (!skipped.includes(step.stack)) changes = await runStack(env, step.stack, "destroy", dirs, awsEnv, options, changes);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    options.onProgress?.(env.name, "failed", `failed: ${detail.split("\n")[0]}`);
    return outcome("failed", note ? `${detail}; ${note}` : detail);
  }
  options.onProgress?.(env.name, "done", `destroyed (${changes.destroyed} resources)`);
  return outcome("destroyed", note);
}

class StepFailure extends Error {}

/** `terraform init`, then `terraform apply` or `destroy`, of one stack; the changes it reported added to `changes`. A failure names the stack and carries Terraform's own error. */
async function runStack(env: ManifestEnvironment, stack: string, verb: "apply" | "destroy", dirs: StackDirectories, awsEnv: NodeJS.ProcessEnv, options: RolloutRunOptions, changes: Changes): Promise<Changes> {
  const dir = dirs.get(stack) as string;
  options.onProgress?.(env.name, "step", `${stack}: terraform init`);
  const init = await options.runner.exec(dir, ["init", "-input=false", "-no-color"], awsEnv);
  if (init.code !== 0) throw new StepFailure(`${stack}: terraform init failed: ${terraformError(init.stderr, init.stdout)}`);
  options.onProgress?.(env.name, "step", `${stack}: terraform ${verb}`);
  const run = await options.runner.exec(dir, [verb, "-auto-approve", "-input=false", "-no-color"], awsEnv);
  const total = changesOf(run.stdout, changes);
  if (run.code !== 0) throw new StepFailure(`${stack}: terraform ${verb} failed: ${terraformError(run.stderr, run.stdout)}`);
  return total;
}
