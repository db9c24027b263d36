/**
 * `envctl check`: runs the policy packs over synthesized stacks (cdktf.out)
 * or over one Terraform JSON / plan file, and renders a report.
 *
 * Exit codes: 0 no unwaived errors, 1 unwaived errors, 2 bad input (files,
 * flags), 3 an internal failure, 4 the output could not be written. Nothing
 * is written to `--out` unless a report was made, and never over an input.
 */
import { resolve } from "node:path";
import { EXIT, isEnvkitError } from "../../../lib/core/errors";
import { parseJsonText } from "../../../lib/core/json";
import { DEFAULT_MAX_INPUT_MIB, readBounded, readOneFile, readOutputDir } from "../../checks/inputs";
import { checkReportTarget, writeReportFile } from "../../checks/report-file";
import { displayPath } from "../../manifest/output";
import { evaluate, PolicyInputError, Report, RuleSelector } from "../../../policies/engine";
import { definePolicy } from "../../../policies/packs";
import { isReportFormat, REPORT_FORMATS, renderReport, ReportFormat } from "../../../policies/report/render";
import { parseWaivers, Waiver } from "../../../policies/waivers";
import { CommandContext, FileSystem, NODE_FS } from "../io";
import { parseTier } from "./shared";

export { EXIT } from "../../../lib/core/errors";

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
  /**
   * Replace an existing `--out` file that is not a report of envctl.
   * @default false
   */
  readonly force?: boolean;
  /**
   * Largest input file to read, in MiB.
   * @default "64"
   */
  readonly maxInputMb?: string;
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
    const maxInputMiB = parseMaxInput(options.maxInputMb);
    const read = { fs, cwd: context.cwd, now: context.now(), maxInputMiB };
    const waiversPath = options.waivers ? resolve(context.cwd, options.waivers) : undefined;
    const waivers = options.waivers ? readWaivers(fs, context.cwd, options.waivers, maxInputMiB) : [];
    // A single file is judged as prod, the strictest tier, unless --tier says otherwise.
    const input = options.file
      ? readOneFile(options.file, options.stack, policy, { ...read, tier: tier ?? "prod", tierRequested: tier !== undefined })
      : readOutputDir(options.dir ?? "cdktf.out", options.stack, policy, { ...read, tier, tierRequested: tier !== undefined });
    const target = options.out ? { fs, cwd: context.cwd, inputs: [...input.files, ...(waiversPath ? [waiversPath] : [])], force: options.force === true } : undefined;
    if (options.out && target) checkReportTarget(options.out, target);
    const report = evaluate(input.selector, input.stacks, { waivers, now: read.now, extraFindings: input.extraFindings, notes: input.notes, maxWaiverDays: input.maxWaiverDays });
    const color = format === "text" && !options.out && context.stdoutIsTty && !context.env.NO_COLOR;
    const rendered = renderReport(format, report, { color, ...(options.waivers ? { waiversFile: displayPath(context.cwd, options.waivers) } : {}) });
    if (options.out && target) {
      writeReportFile(options.out, rendered, target);
      const s = report.summary;
      context.stdout(`Wrote ${format} report to ${options.out}: ${s.errors} errors, ${s.warnings} warnings, ${s.waived} waived, ${s.resources} resources of ${s.stacks} files.\n`);
    } else {
      context.stdout(rendered);
    }
    return { exitCode: report.summary.errors > 0 ? EXIT.findings : EXIT.ok, report };
  } catch (error) {
    if (isEnvkitError(error)) {
      context.stderr(`envctl check: ${error.message}\n`);
      return { exitCode: error.exitCode };
    }
    context.stderr(`envctl check failed (a bug; please report it): ${error instanceof Error ? error.message : String(error)}\n`);
    return { exitCode: EXIT.internal };
  }
}

function parseFormat(value: string | undefined): ReportFormat {
  if (value === undefined) return "text";
  if (isReportFormat(value)) return value;
  throw new PolicyInputError(`--format ${JSON.stringify(value)} is not a report format. Allowed: ${REPORT_FORMATS.join(", ")}.`);
}

function parseMaxInput(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_INPUT_MIB;
  const mib = Number(value);
  if (!/^\d+$/.test(value) || mib < 1 || mib > 2048) throw new PolicyInputError(`--max-input-mb ${JSON.stringify(value)} must be a whole number of MiB from 1 to 2048.`);
  return mib;
}

function readWaivers(fs: FileSystem, cwd: string, path: string, maxInputMiB: number): Waiver[] {
  const shown = `waivers file ${displayPath(cwd, path)}`;
  const text = readBounded(fs, resolve(cwd, path), `--waivers ${displayPath(cwd, path)}`, maxInputMiB);
  return parseWaivers(parseJsonText(text, shown, "a JSON array of waivers"), shown);
}
