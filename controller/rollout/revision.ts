/** The source revision of the app a release is built from: its git commit, and whether the working tree had uncommitted changes. */
import { spawnSync } from "node:child_process";
import type { Revision } from "./run";

/**
 * The revision of the checkout at `cwd`. Outside a git repository there is no
 * commit, and the tree counts as dirty: such a release is never promoted.
 */
export function gitRevision(cwd: string): Revision {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd, encoding: "utf8" });
  if (head.status !== 0) return { commit: null, dirty: true };
  const status = spawnSync("git", ["status", "--porcelain", "--untracked-files=normal"], { cwd, encoding: "utf8" });
  return { commit: head.stdout.trim(), dirty: status.status !== 0 || status.stdout.trim() !== "" };
}
