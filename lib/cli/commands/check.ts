/**
 * `envctl check`: runs the policy packs over synthesized stacks (cdktf.out)
 * or over one Terraform JSON / plan file, and renders a report.
 *
 * Exit codes: 0 no unwaived errors, 1 unwaived errors, 2 bad input (files,
 * flags), 3 an internal failure. Nothing is written to `--out` unless a report was made.
 */
import { basename, dirname, resolve } from "node:path";
import { EnvkitOutputError, EXIT, isEnvkitError } from "../../core/errors";
import { parseJsonText } from "../../core/json";
import { TIERS, type Tier } from "../../core/profile";
import { isTier } from "../../core/tiers";
import { ENVIRONMENT_MANIFEST_FILE } from "../../manifest/manifest";
import { displayPath, readSynthOutput } from "../../manifest/output";
import { evaluate, Finding, PolicyInputError, Report, RuleSelector, StackModel, loadTerraform } from "../../../policies/engine";
import { definePolicy, policyFromData } from "../../../policies/packs";
import { isReportFormat, REPORT_FORMATS, renderReport, ReportFormat } from "../../../policies/report/render";
import { parseWaivers, Waiver } from "../../../policies/waivers";
import { CommandContext, FileSystem, NODE_FS, writeFileAtomic } from "../io";

export { EXIT } from "../../core/errors";

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
 * Over a synthesized output with an environment manifest, each stack is judged
 * by the policy its synth used (packs, disabled rules, severities), with the
 * waivers its synth recorded; `policy` judges everything else.
 */
export function runCheck(options: CheckOptions, context: CommandContext, policy: RuleSelector = definePolicy()): CheckOutcome {
  const fs = context.fs ?? NODE_FS;
  try {
    const format = parseFormat(options.format);
    const tier = parseTier(options.tier);
    const now = context.now();
    const waivers = options.waivers ? readWaivers(fs, context.cwd, options.waivers) : [];
    // A single file is judged as prod, the strictest tier, unless --tier says otherwise.
    const input = options.file
      ? { stacks: [loadFile(fs, context.cwd, options.file, options.stack, tier ?? "prod", now)], selector: policy, extraFindings: [], notes: [] }
      : loadOutDir(fs, context.cwd, options.dir ?? "cdktf.out", options.stack, tier, now, policy);
    const report = evaluate(input.selector, input.stacks, { waivers, now, extraFindings: input.extraFindings, notes: input.notes });
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
    if (isEnvkitError(error)) {
      context.stderr(`envctl check: ${error.message}\n`);
      return { exitCode: error.exitCode };
    }
    context.stderr(`envctl check failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return { exitCode: EXIT.internal };
  }
}

const PATH_ERRORS = new Set(["ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "EROFS"]);

/** Writes --out atomically; a path the user can fix is bad input (exit 2), any other failure to write is exit 4. */
function writeReport(fs: FileSystem, cwd: string, out: string, rendered: string): void {
  try {
    writeFileAtomic(fs, resolve(cwd, out), rendered);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && PATH_ERRORS.has(code)) {
      throw new PolicyInputError(`--out ${displayPath(cwd, out)}: cannot write the report (${code}: ${(error as Error).message}). Pass a file path in an existing, writable directory.`);
    }
    throw new EnvkitOutputError(`--out ${displayPath(cwd, out)}: writing the report failed (${(error as Error).message}); the previous file, if any, is unchanged.`);
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
  return parseWaivers(parseJsonText(readText(fs, cwd, path, "--waivers"), `waivers file ${shown}`, "a JSON array of waivers"), `waivers file ${shown}`);
}

function loadFile(fs: FileSystem, cwd: string, path: string, stack: string | undefined, tier: Tier | undefined, now: Date): StackModel {
  const shown = displayPath(cwd, path);
  const json = parseJsonText(readText(fs, cwd, path, "--file"), shown, TERRAFORM_JSON);
  const stackName = stack ?? defaultStackName(resolve(cwd, path));
  return loadTerraform(json, { stackName, now, file: shown, ...(tier ? { tier } : {}) });
}

interface LoadedOutput {
  readonly stacks: StackModel[];
  readonly selector: RuleSelector;
  readonly extraFindings: Finding[];
  readonly notes: string[];
}

/** The stacks of a synthesized output, each with the policy, tier and custom-rule findings its synth recorded. */
function loadOutDir(fs: FileSystem, cwd: string, dir: string, only: string | undefined, tier: Tier | undefined, now: Date, fallback: RuleSelector): LoadedOutput {
  const output = readSynthOutput(fs, cwd, dir);
  if (output.stacks.length === 0) throw new PolicyInputError(`${displayPath(cwd, dir)}: manifest.json lists no stacks. Run \`cdktf synth\`.`);
  if (only !== undefined && !output.stacks.some((s) => s.name === only)) {
    throw new PolicyInputError(`--stack ${JSON.stringify(only)}: no such stack in ${displayPath(cwd, dir)}. Stacks found: ${output.stacks.map((s) => s.name).join(", ")}.`);
  }
  const selected = output.stacks.filter((s) => only === undefined || s.name === only);
  const policies = new Map<string, RuleSelector>();
  const extraFindings: Finding[] = [];
  const customRules = new Set<string>();
  const stacks = selected.map((s) => {
    const shown = displayPath(cwd, s.path);
    if (s.entry) {
      policies.set(s.name, policyFromData(s.entry.policy));
      s.entry.policy.customRules.forEach((id) => customRules.add(id));
      extraFindings.push(...(s.entry.synthFindings as Finding[]));
    }
    const stackTier = tier ?? s.environment?.tier;
    return loadTerraform(parseJsonText(readText(fs, cwd, s.path, `stack ${s.name}`), shown, TERRAFORM_JSON), { stackName: s.name, now, file: shown, ...(stackTier ? { tier: stackTier } : {}) });
  });
  const notes: string[] = [];
  if (!output.manifest) notes.push(`${displayPath(cwd, dir)} has no ${ENVIRONMENT_MANIFEST_FILE} (the app did not synthesize with createEnvironmentApp or synthesizeAll): stacks were judged by the built-in packs and their tier tags.`);
  if (customRules.size > 0) notes.push(`custom rule(s) ${[...customRules].join(", ")} are code that ran at synth only; their findings are those the synth recorded in ${ENVIRONMENT_MANIFEST_FILE}.`);
  const selector: RuleSelector = { rulesFor: (stackTier, stack) => (stack !== undefined ? policies.get(stack) : undefined)?.rulesFor(stackTier) ?? fallback.rulesFor(stackTier) };
  return { stacks, selector, extraFindings, notes };
}

const TERRAFORM_JSON = "Terraform configuration JSON (cdk.tf.json) or `terraform show -json` output";

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

/** `cdktf.out/stacks/<name>/cdk.tf.json` is stack `<name>`; any other file is named after itself. */
function defaultStackName(path: string): string {
  const file = basename(path);
  return file === "cdk.tf.json" ? basename(dirname(path)) : file.replace(/(\.tf)?\.json$/, "");
}
