/**
 * Carrying out a reap plan: each expired environment's stacks are destroyed
 * with Terraform in their synthesized directories (a Kubernetes stack before
 * the AWS stack it runs on), a few environments at a time; a preview that the
 * output does not hold is synthesized from its record first. One environment's
 * failure stops only that environment; every outcome is reported and logged,
 * and a destroyed environment's record becomes a tombstone (when, by whom).
 */
import { join } from "node:path";
import { mapBounded } from "../../lib/core/concurrency";
import type { FileSystem } from "../../lib/core/fs";
import { formatUtc } from "../../lib/core/time";
import { stackDirectory, type SynthOutput } from "../manifest/output";
import type { LifecycleRecord, LifecycleStore } from "../../lib/lifecycle/records";
import type { ReapPlan, ReapTarget } from "./reaper";

/** What the reaper needs of Terraform. */
export interface DestroyRunner {
  init(cwd: string): Promise<unknown>;
  run(cwd: string, args: readonly string[]): Promise<unknown>;
}

/** What happened. */
export interface ReapOutcome {
  readonly destroyed: readonly string[];
  readonly failed: readonly { readonly name: string; readonly error: string }[];
}

/** Where a target's stacks are, once synthesized. */
export interface PreparedTarget {
  /** The synthesized output that holds its stacks. */
  readonly output: SynthOutput;
  /** Its stacks in destroy order (Kubernetes first). */
  readonly stacks: readonly string[];
}

/** How to reap. */
export interface ReapRunOptions {
  /** The synthesized output: each stack is destroyed in its directory. */
  readonly output: SynthOutput;
  /**
   * Synthesizes a target that `output` does not hold (a preview known from its
   * record) and says where its stacks are.
   * @default - every target is in `output`
   */
  readonly prepare?: (target: ReapTarget) => Promise<PreparedTarget>;
  readonly runner: DestroyRunner;
  /**
   * Whether a stack has been deployed: false for a local state that is missing
   * or empty (there is nothing to destroy), undefined when not known.
   * @default - every stack is destroyed
   */
  readonly deployed?: (stack: string, output: SynthOutput, environment: string) => boolean | undefined;
  /**
   * Why a prepared target may not be destroyed (sources that disagree on its
   * being ephemeral and expired, a stack outside its own directory); empty
   * when it may. A target with a reason is refused, and named with it.
   * @default - no proof is asked
   */
  readonly disagreements?: (target: ReapTarget, prepared: PreparedTarget) => Promise<readonly string[]>;
  readonly store: LifecycleStore;
  /** The record each destroyed environment's tombstone is made from. */
  readonly recordOf: (target: ReapTarget) => LifecycleRecord;
  /** Who reaps, for the tombstone: `envctl reap (<user or CI actor>)`. */
  readonly actor: string;
  readonly fs: FileSystem;
  /** @default 2 */
  readonly concurrency?: number;
  readonly clock: () => Date;
  readonly onProgress?: (event: { readonly environment: string; readonly phase: "start" | "synthesizing" | "destroying" | "destroyed" | "failed"; readonly detail?: string }) => void;
}

/** Destroys every expired environment of `plan`. */
export async function executeReap(plan: ReapPlan, options: ReapRunOptions): Promise<ReapOutcome> {
  const destroyed: string[] = [];
  const failed: { name: string; error: string }[] = [];
  await mapBounded(plan.expired, options.concurrency ?? 2, async (target) => {
    options.onProgress?.({ environment: target.name, phase: "start" });
    try {
      const prepared =
        options.output.manifest?.environments.some((e) => e.name === target.name) || !options.prepare
          ? { output: options.output, stacks: target.stacks }
          : (options.onProgress?.({ environment: target.name, phase: "synthesizing" }), await options.prepare(target));
      const disagreements = (await options.disagreements?.(target, prepared)) ?? [];
      if (disagreements.length > 0) throw new ReapRefusal(`refused: nothing proves ${target.name} may be destroyed, so nothing of it was: ${disagreements.join("; ")}`);
      options.onProgress?.({ environment: target.name, phase: "destroying", detail: prepared.stacks.join(", then ") });
      await destroyEnvironment(target.name, prepared, options);
      destroyed.push(target.name);
      options.store.markDestroyed(options.recordOf(target), formatUtc(options.clock()), options.actor);
      log(options, { environment: target.name, tier: target.tier, expiresAt: target.expiresAt, stacks: prepared.stacks, outcome: "destroyed", by: options.actor });
      options.onProgress?.({ environment: target.name, phase: "destroyed" });
    } catch (error) {
      const message = error instanceof ReapRefusal ? error.message : lastLines(error instanceof Error ? error.message : String(error));
      failed.push({ name: target.name, error: message });
      log(options, { environment: target.name, tier: target.tier, expiresAt: target.expiresAt, stacks: target.stacks, outcome: error instanceof ReapRefusal ? "refused" : "failed", error: message });
      options.onProgress?.({ environment: target.name, phase: "failed", detail: message });
    }
  });
  return { destroyed: plan.expired.map((t) => t.name).filter((n) => destroyed.includes(n)), failed };
}

/** A target the proof refused: reported as it is, never cut. */
class ReapRefusal extends Error {}

async function destroyEnvironment(name: string, target: PreparedTarget, options: ReapRunOptions): Promise<void> {
  for (const stack of target.stacks) {
    if (options.deployed?.(stack, target.output, name) === false) continue;
    // With a proof, the stack's own directory (which it checked); without one, where the manifests put it.
    const dir = options.disagreements ? join(target.output.dir, "stacks", stack) : stackDirectory(target.output, stack);
    await options.runner.init(dir);
    await options.runner.run(dir, ["destroy", "-auto-approve", "-input=false", "-no-color"]);
  }
}

/** One JSON line per environment reaped or failed, in `<lifecycle directory>/reap.log`. */
function log(options: ReapRunOptions, entry: Record<string, unknown>): void {
  if (!options.fs.existsSync(options.store.directory)) options.fs.mkdirSync(options.store.directory, { recursive: true });
  options.fs.appendFileSync(join(options.store.directory, "reap.log"), `${JSON.stringify({ at: formatUtc(options.clock()), ...entry })}\n`);
}

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-8).join("\n");
}
