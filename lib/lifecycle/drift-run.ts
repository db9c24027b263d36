/**
 * Drift of several environments, a few at a time, and its correction. One
 * environment's failure is reported as its error and never stops the others.
 */
import { mapBounded } from "../core/concurrency";
import type { ManifestEnvironment } from "../manifest/manifest";
import { stackDirectory, type SynthOutput } from "../manifest/output";
import { detectStackDrift, planFix, type DriftRunner, type StackDrift } from "./drift";

/** What correcting an environment did. */
export interface FixOutcome {
  /** True when the plan was applied. */
  readonly applied: boolean;
  /** Why it was not applied. */
  readonly reason?: string;
  /** Terraform's plan, per stack, as printed. */
  readonly plans: readonly { readonly stack: string; readonly text: string }[];
}

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
  readonly runner: DriftRunner;
  /** @default 2 */
  readonly concurrency?: number;
  /** Apply the plan that restores the declared configuration of each drifted environment. */
  readonly fix?: boolean;
  /** Confirms fixing prod. */
  readonly yes?: boolean;
  readonly onProgress?: (event: { readonly environment: string; readonly phase: "start" | "fixing" | "done" | "failed"; readonly drift?: EnvironmentDrift }) => void;
}

/** Reads (and with `fix`, corrects) the drift of `environments`. */
export function driftOfEnvironments(environments: readonly ManifestEnvironment[], options: DriftRunOptions): Promise<EnvironmentDrift[]> {
  return mapBounded(environments, options.concurrency ?? 2, async (env) => {
    options.onProgress?.({ environment: env.name, phase: "start" });
    let drift: EnvironmentDrift;
    try {
      const stacks: StackDrift[] = [];
      for (const stack of env.stacks) stacks.push(await detectStackDrift(stack.name, stackDirectory(options.output, stack.name), options.runner));
      const drifted = stacks.some((s) => s.drifted.length > 0);
      drift = { name: env.name, tier: env.tier, drifted, stacks };
      if (options.fix && drifted) {
        options.onProgress?.({ environment: env.name, phase: "fixing", drift });
        drift = { ...drift, fix: await fixEnvironment(env, stacks, options) };
      }
    } catch (error) {
      drift = { name: env.name, tier: env.tier, drifted: false, stacks: [], error: error instanceof Error ? error.message : String(error) };
    }
    options.onProgress?.({ environment: env.name, phase: drift.error ? "failed" : "done", drift });
    return drift;
  });
}

/**
 * Plans and applies, stack by stack (only those that drifted), the
 * configuration as declared. Prod is planned, shown, and applied only with `yes`.
 */
async function fixEnvironment(env: ManifestEnvironment, stacks: readonly StackDrift[], options: DriftRunOptions): Promise<FixOutcome> {
  const plans: { stack: string; text: string }[] = [];
  const fixes: { apply(): Promise<void>; discard(): void }[] = [];
  try {
    for (const stack of stacks.filter((s) => s.drifted.length > 0)) {
      const fix = await planFix(stackDirectory(options.output, stack.stack), options.runner);
      plans.push({ stack: stack.stack, text: fix.text });
      fixes.push(fix);
    }
  } catch (error) {
    fixes.forEach((f) => f.discard());
    throw error;
  }
  if (env.tier === "prod" && !options.yes) {
    fixes.forEach((f) => f.discard());
    return { applied: false, reason: "prod is corrected only with --yes; review the plan above", plans };
  }
  try {
    for (const fix of fixes) await fix.apply();
  } finally {
    fixes.forEach((f) => f.discard());
  }
  return { applied: true, plans };
}
