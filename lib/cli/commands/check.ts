/**
 * `envctl check`: runs the policy packs over synthesized stacks (cdktf.out)
 * or over one Terraform JSON / plan file, and renders a report.
 *
 * Exit codes: 0 no unwaived errors, 1 unwaived errors (or an internal
 * failure), 2 bad input (files, flags). Nothing is written to `--out` on bad input.
 */
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { isTier, Tier, TIERS } from "../../core/tiers";
import { evaluate, PolicyInputError, Report, RuleSelector, StackModel, loadTerraform } from "../../../policies/engine";
import { definePolicy } from "../../../policies/packs";
import { isReportFormat, REPORT_FORMATS, renderReport, ReportFormat } from "../../../policies/report/render";
import { parseWaiversJson, Waiver } from "../../../policies/waivers";
import { CommandContext, FileSystem, NODE_FS, writeFileAtomic } from "../io";

/** Exit codes of envctl. */
export const EXIT = Object.freeze({ ok: 0, findings: 1, badInput: 2 } as const);

/** Flags of `envctl check`, as strings straight from the command line. */
export interface CheckOptions {
  /**
   * cdktf output directory.
   * @default "cdktf.out"
   */
  readonly dir?: string;
  /**
   * Only this stack (from cdktf.out), or the stack name given to --file.
   * @default - every stack; with --file, the stack directory of a cdk.tf.json, else the file name without .tf.json/.json
   */
  readonly stack?: string;
  /**
   * One configuration JSON or plan JSON to check instead of cdktf.out.
   * @default - read cdktf.out
   */
  readonly file?: string;
  /**
   * Tier to evaluate for.
   * @default - with `file`: prod, the strictest; otherwise each stack's `tier` default tag, else prod
   */
  readonly tier?: string;
  /**
   * Waivers file (JSON).
   * @default - no waivers
   */
  readonly waivers?: string;
  /**
   * Report format.
   * @default "text"
   */
  readonly format?: string;
  /**
   * Write the report to this file (atomically) instead of standard output.
   * @default - standard output
   */
  readonly out?: string;
}

/** What `runCheck` returns: the exit code, and the report when one was produced. */
export interface CheckOutcome {
  readonly exitCode: number;
  readonly report?: Report;
}

/**
 * Runs the check. Reads files only through `context.fs`, the time only from
 * `context.now`, and writes only through `context.stdout`/`stderr` and `--out`.
 */
export function runCheck(options: CheckOptions, context: CommandContext, policy: RuleSelector = definePolicy()): CheckOutcome {
  const fs = context.fs ?? NODE_FS;
  try {
    const format = parseFormat(options.format);
    const tier = parseTier(options.tier);
    const now = context.now();
    const waivers = options.waivers ? readWaivers(fs, context.cwd, options.waivers) : [];
    // A single file is judged as prod, the strictest tier, unless --tier says otherwise.
    const stacks = options.file ? [loadFile(fs, context.cwd, options.file, options.stack, tier ?? "prod", now)] : loadOutDir(fs, context.cwd, options.dir ?? "cdktf.out", options.stack, tier, now);
    const report = evaluate(policy, stacks, { waivers, now });
    const color = format === "text" && !options.out && context.stdoutIsTty && !context.env.NO_COLOR;
    const rendered = renderReport(format, report, { color, ...(options.waivers ? { waiversFile: displayPath(context.cwd, options.waivers) } : {}) });
    if (options.out) {
      writeReport(fs, context.cwd, options.out, rendered);
      const s = report.summary;
      context.stdout(`Wrote ${format} report to ${options.out}: ${s.errors} errors, ${s.warnings} warnings, ${s.waived} waived.\n`);
    } else {
      context.stdout(rendered);
    }
    return { exitCode: report.summary.errors > 0 ? EXIT.findings : EXIT.ok, report };
  } catch (error) {
    if (error instanceof PolicyInputError) {
      context.stderr(`envctl check: ${error.message}\n`);
      return { exitCode: EXIT.badInput };
    }
    context.stderr(`envctl check failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return { exitCode: EXIT.findings };
  }
}

const PATH_ERRORS = new Set(["ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "EROFS"]);

/** Writes --out atomically; a path the user can fix is bad input (exit 2), anything else a failure (exit 1). */
function writeReport(fs: FileSystem, cwd: string, out: string, rendered: string): void {
  try {
    writeFileAtomic(fs, resolve(cwd, out), rendered);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || !PATH_ERRORS.has(code)) throw error;
    throw new PolicyInputError(`--out ${displayPath(cwd, out)}: cannot write the report (${code}: ${(error as Error).message}). Pass a file path in an existing, writable directory.`);
  }
}

function parseFormat(value: string | undefined): ReportFormat {
  if (value === undefined) return "text";
  if (isReportFormat(value)) return value;
  throw new PolicyInputError(`--format ${JSON.stringify(value)} is not a report format. Allowed: ${REPORT_FORMATS.join(", ")}.`);
}

function parseTier(value: string | undefined): Tier | undefined {
  if (value === undefined) return undefined;
  if (isTier(value)) return value;
  throw new PolicyInputError(`--tier ${JSON.stringify(value)} is not a tier. Allowed: ${TIERS.join(", ")}.`);
}

function readWaivers(fs: FileSystem, cwd: string, path: string): Waiver[] {
  const shown = displayPath(cwd, path);
  return parseWaiversJson(readText(fs, cwd, path, "--waivers"), `waivers file ${shown}`);
}

function loadFile(fs: FileSystem, cwd: string, path: string, stack: string | undefined, tier: Tier | undefined, now: Date): StackModel {
  const shown = displayPath(cwd, path);
  const json = parseJson(readText(fs, cwd, path, "--file"), shown);
  const stackName = stack ?? defaultStackName(resolve(cwd, path));
  return loadTerraform(json, { stackName, now, file: shown, ...(tier ? { tier } : {}) });
}

function loadOutDir(fs: FileSystem, cwd: string, dir: string, only: string | undefined, tier: Tier | undefined, now: Date): StackModel[] {
  const root = resolve(cwd, dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new PolicyInputError(`--dir ${displayPath(cwd, dir)}: no such directory. Run \`cdktf synth\` first, pass --dir <cdktf output directory>, or check one file with --file <cdk.tf.json|plan.json>.`);
  }
  const stacks = stacksIn(fs, cwd, root);
  if (stacks.size === 0) {
    throw new PolicyInputError(`${displayPath(cwd, dir)}: found no stacks (no manifest.json entries and no stacks/*/cdk.tf.json). Run \`cdktf synth\` first.`);
  }
  if (only !== undefined && !stacks.has(only)) {
    throw new PolicyInputError(`--stack ${JSON.stringify(only)}: no such stack in ${displayPath(cwd, dir)}. Stacks found: ${[...stacks.keys()].join(", ")}.`);
  }
  const selected = only === undefined ? [...stacks] : [[only, stacks.get(only) as string] as const];
  return selected.map(([name, path]) => {
    const shown = displayPath(cwd, path);
    return loadTerraform(parseJson(readText(fs, cwd, path, `stack ${name}`), shown), { stackName: name, now, file: shown, ...(tier ? { tier } : {}) });
  });
}

/** Stack name → absolute path of its cdk.tf.json, from manifest.json or by scanning stacks/. */
function stacksIn(fs: FileSystem, cwd: string, root: string): Map<string, string> {
  const stacks = new Map<string, string>();
  const manifestPath = join(root, "manifest.json");
  if (fs.existsSync(manifestPath)) {
    const manifest = parseJson(readText(fs, cwd, manifestPath, "manifest"), displayPath(cwd, manifestPath));
    const entries = (manifest as { stacks?: Record<string, { synthesizedStackPath?: unknown }> })?.stacks;
    if (entries === null || typeof entries !== "object") {
      throw new PolicyInputError(`${displayPath(cwd, manifestPath)}: expected {"stacks": {"<name>": {"synthesizedStackPath": "stacks/<name>/cdk.tf.json"}}}; found no "stacks" object. Re-run \`cdktf synth\`.`);
    }
    for (const [name, entry] of Object.entries(entries)) {
      const path = typeof entry?.synthesizedStackPath === "string" ? entry.synthesizedStackPath : `stacks/${name}/cdk.tf.json`;
      stacks.set(name, isAbsolute(path) ? path : join(root, path));
    }
    return stacks;
  }
  const stacksDir = join(root, "stacks");
  if (!fs.existsSync(stacksDir)) return stacks;
  for (const name of fs.readdirSync(stacksDir).sort()) {
    const path = join(stacksDir, name, "cdk.tf.json");
    if (fs.existsSync(path)) stacks.set(name, path);
  }
  return stacks;
}

function readText(fs: FileSystem, cwd: string, path: string, flag: string): string {
  const absolute = resolve(cwd, path);
  try {
    return fs.readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a file" : (error as Error).message;
    throw new PolicyInputError(`${flag} ${displayPath(cwd, path)}: cannot read it (${why}). Pass a readable JSON file.`);
  }
}

function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PolicyInputError(`${shown}: not valid JSON (${(error as Error).message}). Expected Terraform configuration JSON (cdk.tf.json) or \`terraform show -json\` output.`);
  }
}

/** `cdktf.out/stacks/<name>/cdk.tf.json` is stack `<name>`; any other file is named after itself. */
function defaultStackName(path: string): string {
  const file = basename(path);
  return file === "cdk.tf.json" ? basename(dirname(path)) : file.replace(/(\.tf)?\.json$/, "");
}

function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  return rel === "" ? "." : rel.startsWith("..") ? resolve(cwd, path) : rel;
}
