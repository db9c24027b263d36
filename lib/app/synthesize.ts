import { App, TerraformStack } from "cdktf";
import { EnvkitError, EXIT } from "../core/errors";
import { prepareStacks, runAspects, synthesizeStacksInto } from "./cdktf-internals";
import { commitStagingDir, createStagingDir, discardStagingDir, removeIfEmptyOutput, type CommitOutcome, type OutputDirState } from "./output-dir";
import { writeEnvironmentManifest } from "./write-manifest";

const BEFORE = new WeakMap<App, OutputDirState>();

/** Records what the output directory held before `app` was created, so that a failed synth restores exactly that. */
export function rememberOutputDirState(app: App, before: OutputDirState): void {
  BEFORE.set(app, before);
}

/** One validation error of a stack, policy errors among them. */
export interface SynthError {
  readonly stack: string;
  readonly path: string;
  readonly message: string;
}

/** Thrown when a stack fails validation (policy errors among them) before anything is written. */
export class SynthValidationError extends EnvkitError {
  constructor(readonly errors: readonly SynthError[]) {
    super(`Synthesis stopped before writing anything: ${errors.length} validation error(s)\n` + errors.map((e) => `  - [${e.path}] ${e.message}`).join("\n"), EXIT.findings);
  }
}

/**
 * Synthesizes `app` all or nothing. It runs the aspects and validations of
 * every stack first and throws `SynthValidationError` listing every error of
 * every stack; then it writes the stacks, cdktf's `manifest.json` and the
 * environment manifest (`envkit.manifest.json`) into a staging directory, and
 * only then replaces the previous output. A failure leaves the previous
 * `cdktf.out` as it was (or none, if there was none).
 */
export function synthesizeAll(app: App): CommitOutcome {
  try {
    const stacks = prepareStacks(app);
    const errors: SynthError[] = [];
    for (const stack of stacks) {
      runAspects(stack);
      for (const node of stack.node.findAll()) {
        for (const message of node.node.validate()) errors.push({ stack: stack.node.id, path: node.node.path, message });
        for (const entry of node.node.metadata) {
          if (entry.type === "@cdktf/error") errors.push({ stack: stack.node.id, path: node.node.path, message: String(entry.data) });
        }
      }
    }
    if (errors.length > 0) throw new SynthValidationError(errors);
    return writeOutput(app, stacks);
  } catch (error) {
    removeIfEmptyOutput(app.outdir, BEFORE.get(app));
    throw error;
  }
}

function writeOutput(app: App, stacks: readonly TerraformStack[]): CommitOutcome {
  const staging = createStagingDir(app.outdir);
  try {
    synthesizeStacksInto(app, stacks, staging);
    const manifest = writeEnvironmentManifest(app, staging);
    return commitStagingDir(staging, app.outdir, [manifest]);
  } catch (error) {
    discardStagingDir(staging);
    throw error;
  }
}
