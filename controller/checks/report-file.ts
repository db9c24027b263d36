/**
 * Writing a report to a file without ever destroying data: the target is
 * never one of the inputs (compared by real path, following links), never a
 * file that is not a report of ours (unless the user forces it), and is
 * replaced atomically, so that a reader never sees half a report.
 */
import { basename, dirname, resolve } from "node:path";
import { EnvkitInputError, EnvkitOutputError } from "../../lib/core/errors";
import { writeFileAtomic, type FileSystem } from "../../lib/core/fs";
import { displayPath } from "../manifest/output";

const PATH_ERRORS = new Set(["ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "EROFS"]);

/** Options of `writeReportFile`. */
export interface WriteReportOptions {
  readonly fs: FileSystem;
  readonly cwd: string;
  /** Absolute paths of every file the check read. */
  readonly inputs: readonly string[];
  /** Replace an existing file that does not look like a report of ours. @default false */
  readonly force?: boolean;
}

/** Checks `out` before any work is done: not an input, not a file of someone else's. */
export function checkReportTarget(out: string, options: WriteReportOptions): void {
  const { fs, cwd } = options;
  const target = realTarget(fs, resolve(cwd, out));
  const inputs = new Set(options.inputs.map((p) => realTarget(fs, p)));
  if (inputs.has(target)) {
    throw new EnvkitInputError(`--out ${displayPath(cwd, out)} is one of the inputs of this check (${displayPath(cwd, target)}); writing the report there would destroy it. Pass another path.`);
  }
  if (options.force || !fs.existsSync(target)) return;
  if (fs.statSync(target).isDirectory()) throw new EnvkitInputError(`--out ${displayPath(cwd, out)} is a directory. Pass a file path.`);
  if (!looksLikeOurReport(fs.readFileSync(target, "utf8"))) {
    throw new EnvkitInputError(`--out ${displayPath(cwd, out)} exists and is not a report of envctl; it was left as it is. Pass another path, delete it, or add --force to replace it.`);
  }
}

/** Writes the report atomically; a path the user can fix is bad input (exit 2), any other failure is exit 4. */
export function writeReportFile(out: string, rendered: string, options: WriteReportOptions): void {
  const { fs, cwd } = options;
  try {
    writeFileAtomic(fs, resolve(cwd, out), rendered);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && PATH_ERRORS.has(code)) {
      throw new EnvkitInputError(`--out ${displayPath(cwd, out)}: cannot write the report (${code}: ${(error as Error).message}). Pass a file path in an existing, writable directory.`);
    }
    throw new EnvkitOutputError(`--out ${displayPath(cwd, out)}: writing the report failed (${(error as Error).message}); the previous file, if any, is unchanged.`);
  }
}

/** Every report format of envctl, recognized by its first bytes or its last line. */
export function looksLikeOurReport(text: string): boolean {
  const start = text.slice(0, 4096);
  if (/^\{\s*"findings":/.test(start)) return true; // json
  if (/^\{\s*"\$schema":\s*"[^"]*sarif/.test(start) || /"name":\s*"envctl"/.test(start)) return true; // sarif
  if (start.includes('<testsuites name="envctl check"')) return true; // junit
  if (start.startsWith("## Policy check: ")) return true; // markdown
  if (start.startsWith("ruleId,category,severity,")) return true; // csv
  return /(^|\n)(PASSED|FAILED): \d+ errors?, \d+ warnings?, \d+ waived/.test(text.slice(-65536).replace(/\u001b\[[0-9;]*m/g, "")); // text
}

/** The real path of a file, or of its directory joined with its name when it does not exist yet. */
function realTarget(fs: FileSystem, absolute: string): string {
  try {
    return fs.realpathSync(absolute);
  } catch {
    try {
      return resolve(fs.realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}
