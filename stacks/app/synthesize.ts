import { App, TerraformStack } from "cdktf";
import { EnvkitError, EXIT } from "../../lib/core/errors";
import { carryLeftOutEnvironments } from "./partial-output";
import { prepareStacks, runAspects, synthSession, withShortCreationStacks } from "./cdktf-internals";
import { commitStagingDir, createStagingDir, discardStagingDir, removeIfEmptyOutput, synthesizedByCdktfCli, withOutputLock, type CommitOutcome, type OutputDirState } from "./output-dir";
import { writeEnvironmentManifest } from "./write-manifest";

const BEFORE = new WeakMap<App, OutputDirState>();
const WITH_COMMIT = new WeakMap<App, CommitPart[]>();

/** Something written together with a synth's output: both are committed, or neither is. */
export interface CommitPart {
  /** Writes it; called once every stack has been validated and written, just before the output is replaced. */
  write(): void;
  /** Takes it back, when the output could not be replaced after all. */
  undo(): void;
}

/** Writes `part` together with the output of `app`: only a complete synth writes it, and a failed commit takes it back. */
export function withCommit(app: App, part: CommitPart): void {
  WITH_COMMIT.set(app, [...(WITH_COMMIT.get(app) ?? []), part]);
}

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
 * Synthesizes `app` all or nothing. Each stack's aspects and validations run
 * (policy errors among them) and, while no stack has failed, the stack is
 * written into a staging directory beside the output; every error of every
 * stack is collected and thrown as one `SynthValidationError`. Only a complete
 * synth, with cdktf's `manifest.json` and the environment manifest
 * (`envkit.manifest.json`), replaces the previous output: a failure leaves the
 * previous `cdktf.out` as it was (or none, if there was none).
 */
export function synthesizeAll(app: App): CommitOutcome {
  return withShortCreationStacks(() => synthesizeAllNow(app));
}

function synthesizeAllNow(app: App): CommitOutcome {
  let staging: string | undefined;
  try {
    const stacks = prepareStacks(app);
    staging = createStagingDir(app.outdir);
    const session = synthSession(app, staging);
    const errors: SynthError[] = [];
    for (const stack of stacks) {
      const found = validateStack(stack);
      errors.push(...found);
      // A stack is written as soon as it is validated, so that its resolved JSON is not kept while the others are checked.
      if (errors.length === 0) session.writeStack(stack);
    }
    if (errors.length > 0) throw new SynthValidationError(errors);
    session.writeManifest();
    const manifest = writeEnvironmentManifest(app, staging);
    const ready = staging;
    const outcome = withOutputLock(app.outdir, () => {
      const written: CommitPart[] = [];
      try {
        for (const part of WITH_COMMIT.get(app) ?? []) {
          part.write();
          written.push(part);
        }
        // A synth of some environments (ENVKIT_ONLY) keeps the others as the output holds them.
        const carried = carryLeftOutEnvironments(app, ready, app.outdir);
        return commitStagingDir(ready, app.outdir, [manifest], synthesizedByCdktfCli(app.outdir), carried);
      } catch (error) {
        for (const part of written.reverse()) part.undo();
        throw error;
      }
    });
    staging = undefined;
    WITH_COMMIT.delete(app);
    return outcome;
  } catch (error) {
    if (staging) discardStagingDir(staging);
    removeIfEmptyOutput(app.outdir, BEFORE.get(app));
    throw error;
  }
}

/** Runs a stack's aspects and the validations of every construct in it. */
function validateStack(stack: TerraformStack): SynthError[] {
  runAspects(stack);
  const errors: SynthError[] = [];
  for (const node of stack.node.findAll()) {
    for (const message of node.node.validate()) errors.push({ stack: stack.node.id, path: node.node.path, message });
    for (const entry of node.node.metadata) {
      if (entry.type === "@cdktf/error") errors.push({ stack: stack.node.id, path: node.node.path, message: String(entry.data) });
    }
  }
  return errors;
}
