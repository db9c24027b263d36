/**
 * The side effects CLI commands may have, passed in so that tests need no
 * globals: a file system rooted at a working directory, a clock and writers.
 */
import * as nodeFs from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";

/** The file operations commands use (a subset of node:fs, synchronous). */
export interface FileSystem {
  readFileSync(path: string, encoding: "utf8"): string;
  writeFileSync(path: string, data: string): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  existsSync(path: string): boolean;
  readdirSync(path: string): string[];
  statSync(path: string): { isDirectory(): boolean };
}

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
    env: process.env,
  };
}

/** node:fs as a FileSystem. */
export const NODE_FS: FileSystem = {
  readFileSync: (path, encoding) => nodeFs.readFileSync(path, encoding),
  writeFileSync: (path, data) => nodeFs.writeFileSync(path, data),
  renameSync: (from, to) => nodeFs.renameSync(from, to),
  unlinkSync: (path) => nodeFs.unlinkSync(path),
  existsSync: (path) => nodeFs.existsSync(path),
  readdirSync: (path) => nodeFs.readdirSync(path),
  statSync: (path) => nodeFs.statSync(path),
};

/**
 * Writes `data` to `path` atomically: into a temporary file in the same
 * directory, then renamed over the target, so readers never see half a report.
 */
export function writeFileAtomic(fs: FileSystem, path: string, data: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, path);
  } catch (error) {
    if (fs.existsSync(temporary)) fs.unlinkSync(temporary);
    throw error;
  }
}
