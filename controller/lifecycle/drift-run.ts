/**
 * Drift of several environments, a few at a time, and its correction. One
 * environment's failure is reported as its error and never stops the others.
 */
import { mapBounded } from "../../lib/core/concurrency";
import type { ManifestEnvironment } from "../../stacks/app/manifest";
import { stackDirectory, type SynthOutput } from "../manifest/output";
import { detectStackDrift, planFix, type DriftRunner, type FixPlan, type FixProblem, type StackDrift } from "./drift";

/** What correcting an environment did. */
export interface FixOutcome {
  /** True when the plan was applied. */
  readonly applied: boolean;
  /** Why it was not applied. */
  readonly reason?: string;
  /** Terraform's plan, per stack, as printed, with what in it is more than a correction of drift. */
  readonly plans: readonly { readonly stack: string; readonly text: string; readonly problems: readonly FixProblem[] }[];
}

/** The plans of an environment's correction, shown before anything is applied. */
export interface FixReview {
  readonly environment: ManifestEnvironment;
  readonly plans: FixOutcome["plans"];
}

/** Decides, once the plans are shown, whether they are applied: `true`, or the reason they are not. */
export type FixDecision = (review: FixReview) => Promise<true | string>;

/** The drift of one environment. */
export interface EnvironmentDrift {
  readonly name: string;
  readonly tier: string;
  /** True when some resource drifted (noise excluded). */
  readonly drifted: boolean;
  readonly stacks: readonly StackDrift[];
  /** Terraform's failure, when drift could not be read. */
  readonly error?: string;
  /** With `fix`: what was done. */
  readonly fix?: FixOutcome;
}

/** How to read drift. */
export interface DriftRunOptions {
  readonly output: SynthOutput;
  /** Outputs of environments that `output` does not hold (previews synthesized from their records), by name. */
  readonly outputs?: ReadonlyMap<string, SynthOutput>;
  readonly runner: DriftRunner;
  /** @default 2 */
  readonly concurrency?: number;
  /**
   * Whether a stack has been deployed: false for a local state that is missing
   * or empty (its drift is not read), undefined when not known (remote state).
   * @default - always read
   */
  readonly deployed?: (stack: string, environment: ManifestEnvironment) => boolean | undefined;
  /** Plan the correction of each drifted environment, and apply it as `decide` says. */
  readonly fix?: boolean;
  /** Shown each environment's fix plans, one environment at a time: apply them, or say why not. */
  readonly decide?: FixDecision;
  readonly onProgress?: (event: { readonly environment: string; readonly phase: "start" | "fixing" | "done" | "failed"; readonly drift?: EnvironmentDrift }) => void;
}

/** Reads (and with `fix`, corrects) the drift of `environments`. */
export function driftOfEnvironments(environments: readonly ManifestEnvironment[], options: DriftRunOptions): Promise<EnvironmentDrift[]> {
  return mapBounded(environments, options.concurrency ?? 2, async (env) => {
    options.onProgress?.({ environment: env.name, phase: "start" });
    let drift: EnvironmentDrift;
    try {
      const stacks: StackDrift[] = [];
      const output = options.outputs?.get(env.name) ?? options.output;
      for (const stack of env.stacks) {
        if (options.deployed?.(stack.name, env) === false) stacks.push({ stack: stack.name, drifted: [], ignored: [], pending: [], notDeployed: true });
        else stacks.push(await detectStackDrift(stack.name, stackDirectory(output, stack.name), options.runner));
      }
      const drifted = stacks.some((s) => s.drifted.length > 0);
      drift = { name: env.name, tier: env.tier, drifted, stacks };
      if (options.fix && drifted) {
        options.onProgress?.({ environment: env.name, phase: "fixing", drift });
        drift = { ...drift, fix: await fixEnvironment(env, stacks, output, options) };
      }
    } catch (error) {
      drift = { name: env.name, tier: env.tier, drifted: false, stacks: [], error: error instanceof Error ? error.message : String(error) };
    }
    options.onProgress?.({ environment: env.name, phase: drift.error ? "failed" : "done", drift });
    return drift;
  });
}

/**
 * Plans, stack by stack (only those that drifted), the correction of what
 * drifted; has the plans reviewed (one environment at a time, so that what is
 * shown and asked never interleaves); applies exactly the plans shown when the
 * decision says so.
 */
let reviews: Promise<unknown> = Promise.resolve();
async function fixEnvironment(env: ManifestEnvironment, stacks: readonly StackDrift[], output: SynthOutput, options: DriftRunOptions): Promise<FixOutcome> {
  const planned: { stack: string; fix: FixPlan }[] = [];
  try {
    for (const stack of stacks.filter((s) => s.drifted.length > 0)) planned.push({ stack: stack.stack, fix: await planFix(stackDirectory(output, stack.stack), options.runner, stack, { initialized: true }) });
  } catch (error) {
    planned.forEach((p) => p.fix.discard());
    throw error;
  }
  const plans = planned.map((p) => ({ stack: p.stack, text: p.fix.text, problems: p.fix.problems }));
  const decide = options.decide ?? (async () => "no one confirmed the plan");
  const turn = reviews.then(() => decide({ environment: env, plans }));
  reviews = turn.catch(() => undefined);
  const decision = await turn.catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  if (decision !== true) {
    planned.forEach((p) => p.fix.discard());
    return { applied: false, reason: decision, plans };
  }
  try {
    for (const p of planned) await p.fix.apply();
  } finally {
    planned.forEach((p) => p.fix.discard());
  }
  return { applied: true, plans };
}
