/**
 * The file operations the library's readers and writers use, passed in so
 * that tests need no globals, and the one way the library writes a file that
 * a reader may see half-written: atomically.
 */
import * as nodeFs from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { EnvkitInputError } from "./errors";

/** The file operations commands use (a subset of node:fs, synchronous). */
export interface FileSystem {
  readFileSync(path: string, encoding: "utf8"): string;
  writeFileSync(path: string, data: string): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  existsSync(path: string): boolean;
  readdirSync(path: string): string[];
  statSync(path: string): { isDirectory(): boolean; isFile(): boolean; size: number; mtime: Date };
  realpathSync(path: string): string;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  appendFileSync(path: string, data: string): void;
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
  realpathSync: (path) => nodeFs.realpathSync(path),
  mkdirSync: (path, options) => nodeFs.mkdirSync(path, options),
  appendFileSync: (path, data) => nodeFs.appendFileSync(path, data),
};

/**
 * Writes `data` to `path` atomically: into a temporary file in the same
 * directory, then renamed over the target, so readers never see half a file.
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

/** Runs a file operation; a fault of the file system (a read-only folder, a file where a folder should be) is an error that names the path. */
export function fileFault<T>(path: string, what: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    const fix = code === "EACCES" || code === "EPERM" || code === "EROFS" ? "give this user access to it (reading it, and writing in its folder)" : code === "ENOTDIR" || code === "EEXIST" || code === "EISDIR" ? "a file stands where a folder should be, or a folder where a file should be: move it away" : "check the path";
    throw new EnvkitInputError(`cannot ${what} ${path} (${code}): ${fix}`);
  }
}
