/**
 * The side effects CLI commands may have, passed in so that tests need no
 * globals: a file system rooted at a working directory, a clock and writers.
 */
import { createInterface } from "node:readline/promises";
import type { FileSystem } from "../../lib/core/fs";

export { NODE_FS, writeFileAtomic, type FileSystem } from "../../lib/core/fs";

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
  /**
   * Whether standard input is a terminal (someone can answer a question).
   * @default false
   */
  readonly stdinIsTty?: boolean;
  /**
   * Asks a yes/no question on the terminal; true only for the answer `yes`.
   * @default - no one to ask: every question is answered no
   */
  readonly confirm?: (question: string) => Promise<boolean>;
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
    stdinIsTty: Boolean(process.stdin.isTTY),
    env: process.env,
    confirm: async (question) => {
      const prompt = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return (await prompt.question(question)).trim() === "yes";
      } finally {
        prompt.close();
      }
    },
  };
}
