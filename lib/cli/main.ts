#!/usr/bin/env node
/**
 * envctl: the environment tool. This file only wires commander to the
 * command functions in lib/cli/commands, which take their dependencies as
 * parameters. Exit codes: 0 ok, 1 findings or failure, 2 bad input.
 */
import { Command, CommanderError } from "commander";
import { REPORT_FORMATS } from "../../policies/report/render";
import { TIERS } from "../core/tiers";
import { EXIT } from "../core/errors";
import { CheckOptions, runCheck } from "./commands/check";
import { CommandContext, processContext } from "./io";

/** Builds the envctl program; `setExitCode` receives each command's exit code. */
export function buildProgram(context: CommandContext, setExitCode: (code: number) => void): Command {
  const program = new Command("envctl")
    .description("Environment tooling for cdktf-envkit: policy checks over synthesized stacks and plans.")
    .exitOverride()
    .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
  program
    .command("check")
    .description("Check synthesized stacks (cdktf.out) or one Terraform JSON / plan file against the policy packs.")
    .option("--dir <dir>", "cdktf output directory", "cdktf.out")
    .option("--stack <name>", "only this stack (or the stack name for --file)")
    .option("--file <path>", "check one cdk.tf.json, *.tf.json or `terraform show -json` plan instead of --dir")
    .option("--tier <tier>", `tier to evaluate for: ${TIERS.join(", ")} (default: prod with --file; each stack's tier tag over --dir)`)
    .option("--waivers <file>", "JSON file of waivers (ruleId, resource or constructPath, reason, owner or ticket, expires)")
    .option("--format <format>", `report format: ${REPORT_FORMATS.join(", ")}`, "text")
    .option("--out <file>", "write the report to this file (atomically) instead of stdout; never over an input")
    .option("--force", "let --out replace an existing file that is not a report of envctl")
    .option("--max-input-mb <mib>", "largest input file to read, in MiB (default: 64)")
    .action((options: CheckOptions) => setExitCode(runCheck(options, context).exitCode));
  return program;
}

/** Runs envctl with `argv` (without node and script) and returns the exit code. */
export function main(argv: readonly string[], context: CommandContext = processContext()): number {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(context, (code) => (exitCode = code));
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help";
      return benign ? EXIT.ok : EXIT.badInput;
    }
    throw error;
  }
  return exitCode;
}

/**
 * Runs envctl as a process. A closed standard output (`envctl check | head`)
 * ends it with exit code 4 and a line on standard error, never a stack trace;
 * so does a failed write to it.
 */
export function runProcess(argv: readonly string[]): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    const what = error.code === "EPIPE" ? "standard output was closed before the report was written (broken pipe)" : `writing to standard output failed (${error.message})`;
    process.stderr.write(`envctl: ${what}\n`);
    process.exit(EXIT.output);
  });
  try {
    process.exitCode = main(argv);
  } catch (error) {
    process.stderr.write(`envctl failed (a bug; please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT.internal;
  }
}

if (require.main === module) runProcess(process.argv.slice(2));
