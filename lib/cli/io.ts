/**
 * The side effects CLI commands may have, passed in so that tests need no
 * globals: a file system rooted at a working directory, a clock and writers.
 */
import type { FileSystem } from "../core/fs";

export { NODE_FS, writeFileAtomic, type FileSystem } from "../core/fs";

/** Everything a command needs from the outside world. */
export interface CommandContext {
  /** Working directory; relative paths resolve against it. */
  readonly cwd: string;
  /** The clock. */
  readonly now: () => Date;
  /** Standard output. */
  readonly stdout: (text: string) => void;
  /** Standard error. */
  readonly stderr: (text: string) => void;
  /** Whether standard output is a terminal (for colors). */
  readonly stdoutIsTty: boolean;
  /**
   * Whether standard error is a terminal (for progress spinners).
   * @default false
   */
  readonly stderrIsTty?: boolean;
  /** Environment variables that change output (NO_COLOR). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * File system.
   * @default - node:fs
   */
  readonly fs?: FileSystem;
}

/** The context of a real process. */
export function processContext(): CommandContext {
  return {
    cwd: process.cwd(),
    now: () => new Date(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTty: Boolean(process.stdout.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
    env: process.env,
  };
}

