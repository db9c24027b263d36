/**
 * Writing a cdktf output directory all at once: the app is synthesized into a
 * staging directory beside the target, and only a complete result replaces the
 * generated files of the previous one. Files Terraform keeps in a stack's
 * directory (`.terraform/`, its lock file, a local state) are never deleted.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, rmdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** What a commit did besides replacing files: stacks removed, and files kept because they hold state. */
export interface CommitOutcome {
  /** Stacks of the previous output that the new one no longer has, removed. */
  readonly removedStacks: readonly string[];
  /** Terraform state files that removed stacks' directories held, moved to `<outdir>/removed-stacks/<stack>/`: their new paths. */
  readonly keptStateFiles: readonly string[];
}

const GENERATED_AT_ROOT = ["manifest.json"];
const STATE_FILE = /\.tfstate(\.backup)?$/;
/** Where the state files of a removed stack are kept, under the output directory (outside `stacks/`, which the cdktf CLI prunes). */
export const REMOVED_STACKS_DIRECTORY = "removed-stacks";

/** A new empty staging directory beside `outdir` (same file system, so renames are atomic). */
export function createStagingDir(outdir: string): string {
  const target = resolve(outdir);
  mkdirSync(dirname(target), { recursive: true });
  return mkdtempSync(join(dirname(target), `.${basename(target)}.staging-`));
}

/**
 * True when the cdktf CLI runs this synth: it lists `<outdir>/stacks/` before
 * running the app and removes, after it, every directory the new synth has no
 * stack for (and fails if one is already gone).
 */
export function synthesizedByCdktfCli(outdir: string, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.CDKTF_OUTDIR !== undefined && env.CDKTF_CONTEXT_JSON !== undefined && resolve(env.CDKTF_OUTDIR) === resolve(outdir);
}

/**
 * Moves a complete synth from `staging` into `outdir`: each generated file is
 * renamed over its predecessor; the directories of stacks the new synth no
 * longer has are emptied, their Terraform state files moved to
 * `<outdir>/removed-stacks/<stack>/` and reported, and the directories removed
 * (left empty for the cdktf CLI to remove when `cliPrunesStacks`, since it
 * removes them itself and fails on one that is gone).
 */
export function commitStagingDir(staging: string, outdir: string, generatedFiles: readonly string[], cliPrunesStacks = false): CommitOutcome {
  const target = resolve(outdir);
  mkdirSync(join(target, "stacks"), { recursive: true });
  const newStacks = new Set(readdirSync(join(staging, "stacks")));
  for (const stack of newStacks) {
    mkdirSync(join(target, "stacks", stack), { recursive: true });
    for (const file of readdirSync(join(staging, "stacks", stack))) renameSync(join(staging, "stacks", stack, file), join(target, "stacks", stack, file));
  }
  const removedStacks: string[] = [];
  const keptStateFiles: string[] = [];
  for (const stack of readdirSync(join(target, "stacks"))) {
    if (newStacks.has(stack)) continue;
    removedStacks.push(stack);
    const dir = join(target, "stacks", stack);
    for (const entry of readdirSync(dir)) {
      if (STATE_FILE.test(entry)) {
        const kept = join(target, REMOVED_STACKS_DIRECTORY, stack);
        mkdirSync(kept, { recursive: true });
        renameSync(join(dir, entry), join(kept, entry));
        keptStateFiles.push(join(kept, entry));
      } else rmSync(join(dir, entry), { recursive: true, force: true });
    }
    if (!cliPrunesStacks) rmdirSync(dir);
  }
  // The manifests last: a reader that finds them finds every stack they name.
  for (const file of [...generatedFiles, ...GENERATED_AT_ROOT]) {
    if (existsSync(join(staging, file))) renameSync(join(staging, file), join(target, file));
  }
  rmSync(staging, { recursive: true, force: true });
  return { removedStacks, keptStateFiles };
}

/** Removes a staging directory after a failed synth. */
export function discardStagingDir(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}

/** Which parts of an output directory existed before an app was created (cdktf's `App` creates both). */
export interface OutputDirState {
  readonly root: boolean;
  readonly stacks: boolean;
}

/** Records which parts of `outdir` exist now. */
export function outputDirState(outdir: string): OutputDirState {
  return { root: existsSync(outdir), stacks: existsSync(join(outdir, "stacks")) };
}

/**
 * Removes what cdktf's `App` constructor created (an empty output directory
 * and its empty `stacks/`) when nothing was synthesized into it; `before`
 * says what existed before the app, which is kept. Without it, only an empty
 * `stacks/` next to no `manifest.json` is removed.
 */
export function removeIfEmptyOutput(outdir: string, before: OutputDirState = { root: true, stacks: false }): void {
  const stacks = join(outdir, "stacks");
  if (!before.stacks && existsSync(stacks) && readdirSync(stacks).length === 0 && !existsSync(join(outdir, "manifest.json"))) rmdirSync(stacks);
  if (!before.root && existsSync(outdir) && readdirSync(outdir).length === 0) rmdirSync(outdir);
}
