/**
 * Writing a cdktf output directory all at once: the app is synthesized into a
 * staging directory beside the target, and only a complete result replaces the
 * generated files of the previous one. Files Terraform keeps in a stack's
 * directory (`.terraform/`, its lock file, a local state) are never deleted.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { EnvkitInputError } from "../../lib/core/errors";

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
 * What in `outdir` would stop a commit part way: checked before anything is
 * moved, so that a commit either happens whole or not at all. The output
 * directory and its `stacks/` must be directories; each new stack's place a
 * directory (not a link or a file); each generated file's place not a directory.
 */
export function commitProblems(staging: string, outdir: string, generatedFiles: readonly string[]): string[] {
  const target = resolve(outdir);
  const problems: string[] = [];
  const kind = (path: string) => {
    try {
      const stat = lstatSync(path);
      return stat.isSymbolicLink() ? "link" : stat.isDirectory() ? "directory" : "file";
    } catch {
      return "none";
    }
  };
  const rootKind = kind(target);
  if (rootKind === "file") return [`${target} is a file, not a directory: move it away so that the synth can write its output there`];
  if (kind(join(target, "stacks")) === "file" || kind(join(target, "stacks")) === "link") return [`${join(target, "stacks")} is not a directory: move it away`];
  for (const stack of readdirSync(join(staging, "stacks"))) {
    const place = join(target, "stacks", stack);
    const found = kind(place);
    if (found === "file" || found === "link") {
      problems.push(`${place} is a ${found === "link" ? "symbolic link" : "file"}, where the synth writes the stack ${stack}: move it away`);
      continue;
    }
    for (const file of readdirSync(join(staging, "stacks", stack))) if (kind(join(place, file)) === "directory") problems.push(`${join(place, file)} is a directory, where the synth writes a file: move it away`);
  }
  for (const file of [...generatedFiles, ...GENERATED_AT_ROOT]) if (kind(join(target, file)) === "directory") problems.push(`${join(target, file)} is a directory, where the synth writes a file: move it away`);
  return problems;
}

/**
 * Moves a complete synth from `staging` into `outdir`: each generated file is
 * renamed over its predecessor; the directories of stacks the new synth no
 * longer has are emptied, their Terraform state files moved to
 * `<outdir>/removed-stacks/<stack>/` and reported, and the directories removed
 * (left empty for the cdktf CLI to remove when `cliPrunesStacks`, since it
 * removes them itself and fails on one that is gone), except `keptStacks`,
 * which the new synth carries as they are. A symbolic link is
 * removed as a link: what it points at is never touched. Throws before moving
 * anything when the output's shape would stop the commit part way.
 */
export function commitStagingDir(staging: string, outdir: string, generatedFiles: readonly string[], cliPrunesStacks = false, keptStacks: ReadonlySet<string> = new Set()): CommitOutcome {
  const target = resolve(outdir);
  const problems = commitProblems(staging, outdir, generatedFiles);
  if (problems.length > 0) throw new EnvkitInputError(`The synth cannot replace ${target}; nothing was changed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  mkdirSync(join(target, "stacks"), { recursive: true });
  const newStacks = new Set(readdirSync(join(staging, "stacks")));
  for (const stack of newStacks) {
    mkdirSync(join(target, "stacks", stack), { recursive: true });
    for (const file of readdirSync(join(staging, "stacks", stack))) renameSync(join(staging, "stacks", stack, file), join(target, "stacks", stack, file));
  }
  const removedStacks: string[] = [];
  const keptStateFiles: string[] = [];
  for (const stack of readdirSync(join(target, "stacks"))) {
    if (newStacks.has(stack) || keptStacks.has(stack)) continue;
    const dir = join(target, "stacks", stack);
    const stat = lstatSync(dir);
    if (stat.isSymbolicLink()) {
      // A link is removed, never followed: what it points at is not the synth's.
      unlinkSync(dir);
      removedStacks.push(stack);
      continue;
    }
    if (!stat.isDirectory()) continue;
    removedStacks.push(stack);
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (STATE_FILE.test(entry) && lstatSync(path).isFile()) {
        const kept = join(target, REMOVED_STACKS_DIRECTORY, stack);
        mkdirSync(kept, { recursive: true });
        renameSync(path, join(kept, entry));
        keptStateFiles.push(join(kept, entry));
      } else rmSync(path, { recursive: true, force: true });
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

/** How long a synth waits for another one to finish its commit. */
const LOCK_WAIT_MS = 30_000;

/**
 * Holds `<outdir>.lock` while `work` runs, so that two synths never commit
 * into one output at once (the second waits, up to 30 s, for the first).
 * A lock whose process has ended is taken over; otherwise the error says who holds it.
 */
export function withOutputLock<T>(outdir: string, work: () => T, waitMs = LOCK_WAIT_MS): T {
  const lock = `${resolve(outdir)}.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }), { flag: "wx" });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") throw new EnvkitInputError(`cannot create the synth's lock ${lock} (${code}): make ${dirname(lock)} writable`);
      const holder = readLock(lock);
      if (!holder || (holder.host === hostname() && !processRuns(holder.pid))) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new EnvkitInputError(`another synth (process ${holder.pid} on ${holder.host}, since ${holder.since}) is writing ${resolve(outdir)}; wait for it, or delete ${lock} if no synth runs`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function readLock(lock: string): { pid: number; host: string; since: string } | undefined {
  try {
    return JSON.parse(readFileSync(lock, "utf8"));
  } catch {
    return undefined;
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes a staging directory after a failed synth. */
export function discardStagingDir(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}

/** Refuses, naming it, a file (or a link to one) where the output folder or its `stacks/` goes. */
export function assertOutputFolders(outdir: string): void {
  for (const path of [resolve(outdir), join(resolve(outdir), "stacks")]) {
    if (existsSync(path) && !statSync(path).isDirectory()) throw new EnvkitInputError(`${path} is a file, not a directory: move it away so that the synth can write its output there; nothing was written`);
  }
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
