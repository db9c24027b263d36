#!/usr/bin/env node
/**
 * envctl: the environment tool. This file only wires commander to the
 * command functions in controller/cli/commands, which take their dependencies as
 * parameters. Exit codes: 0 ok; 1 findings (policy errors, unhealthy or
 * drifted environments, failed destroys); 2 bad input; 3 an internal
 * failure; 4 the output could not be written.
 */
import { Command, CommanderError } from "commander";
import { REPORT_FORMATS } from "../../policies/report/render";
import { TIERS } from "../../lib/core/tiers";
import { EXIT } from "../../lib/core/errors";
import { libraryVersion } from "../../lib/core/version";
import { CheckOptions, runCheck } from "./commands/check";
import { runCost, type CostFlags } from "./commands/cost";
import { runDiff, type DiffFlags } from "./commands/diff";
import { runDrift, type DriftFlags } from "./commands/drift";
import { runInit, type InitFlags } from "./commands/init";
import { runEmulatorEnv, runEmulatorStart, runEmulatorStop, type EmulatorFlags, type EmulatorStartFlags } from "./commands/emulator";
import { runReport, type ReportFlags } from "./commands/report";
import { runList, type ListFlags } from "./commands/list";
import { runReap, type ReapFlags } from "./commands/reap";
import { runRenew, type RenewFlags } from "./commands/renew";
import { runApprove, runHistory, runPromote, type ReleaseFlags } from "./commands/promote";
import { runPipelineFlux, runPipelineGithub, type PipelineFlags } from "./commands/pipeline";
import { runDown, runUp, type RolloutFlags } from "./commands/rollout";
import type { StatusFlags } from "./commands/status";
import { CommandContext, processContext } from "./io";

/** Builds the envctl program; `setExitCode` receives each command's exit code. */
export function buildProgram(context: CommandContext, setExitCode: (code: number) => void): Command {
  const program = new Command("envctl")
    .description("Environment tooling for cdktf-envkit: policy checks, health and lifecycle of the environments an app synthesizes.")
    .version(libraryVersion(), "-V, --version", "print the version of envctl (cdktf-envkit)")
    .exitOverride()
    .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
  program
    .command("init")
    .argument("[dir]", "the new app's directory (created when missing; default: the current directory)")
    .description("Scaffold an app repository: package.json with this library and pinned tools, cdktf.json, tsconfig.json, .gitignore and a main.ts with dev, staging, prod and previews.")
    .option("--from <spec>", "where npm installs cdktf-envkit from: a version range (default: this version), a packed tarball or checkout path, or a git URL")
    .option("--organization <name>", "the organization's name, the prefix of every resource name (default: the directory's name)")
    .option("--force", "replace files that exist (without it, nothing is written when one does)")
    .option("--cdktn", "an app on CDK Terrain, cdktf's maintained fork: cdktn, the AWS provider 6 and Node.js 22 (docs/cdktn.md)")
    .action((dir: string | undefined, flags: InitFlags) => runInit(dir, flags, context).then(setExitCode))
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 written, 2 bad input (a file exists, a --from path that does not): nothing written.",
        examples(["npx --package cdktf-envkit envctl init my-app", "npx --package ./cdktf-envkit-0.1.0.tgz envctl init my-app --from ./cdktf-envkit-0.1.0.tgz", "npx --package cdktf-envkit envctl init my-app --cdktn"]),
      ].join("\n")
    );
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
    .action((options: CheckOptions) => setExitCode(runCheck(options, context).exitCode))
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 no unwaived error, 1 unwaived errors, 2 bad input (nothing written), 3 an internal failure, 4 the output could not be written.",
        examples(["envctl check", "envctl check --stack env-prod --format sarif --out envctl.sarif", "terraform show -json plan.out > plan.json && envctl check --file plan.json --waivers waivers.json"]),
      ].join("\n")
    );
  program
    .command("status")
    .argument("[environments...]", "environments to check (default: every environment in the manifest)")
    .description("Check the health of deployed environments through the AWS API (credentials, region and AWS_ENDPOINT_URL as for the AWS CLI).")
    .option("--dir <dir>", "cdktf output directory holding the environment manifest", "cdktf.out")
    .option("--format <format>", "table or json", "table")
    // status loads the AWS SDK clients (a third of a second): only when it runs.
    .action(async (names: string[], flags: StatusFlags) => setExitCode(await (await import("./commands/status")).runStatus(names, flags, context)))
    .addHelpText(
      "after",
      ["", "Exit codes: 0 healthy, 1 unhealthy or missing, 2 bad input.", "", "Examples:", "  $ envctl status", "  $ envctl status dev staging --format json", "  $ AWS_ENDPOINT_URL=http://127.0.0.1:5000 envctl status dev"].join("\n")
    );
  const lifecycleOptions = (command: Command) =>
    command.option("--dir <dir>", "cdktf output directory holding the environment manifest", "cdktf.out").option("--lifecycle-dir <dir>", "directory of the lifecycle records (previews, renewals)", "terraform-state/lifecycle");
  lifecycleOptions(program.command("list"))
    .description("List every environment: tier, stacks, owner, lifecycle, expiry and time left, backend, last deploy.")
    .option("--format <format>", "table or json", "table")
    .option("--now <time>", "the time to compute what is left from (ISO-8601 UTC; default: now)")
    .option("--release-dir <dir>", "directory of the release ledgers (break-glass deploys are warned of)", "terraform-state/releases")
    .action(async (flags: ListFlags) => setExitCode(await runList(flags, context)))
    .addHelpText("after", ["", "Exit codes: 0 listed, 2 bad input (no manifest, a damaged record).", examples(["envctl list", "envctl list --format json | jq '.environments[] | select(.expired)'"])].join("\n"));
  lifecycleOptions(program.command("renew"))
    .argument("<environment>", "the ephemeral environment to renew")
    .description("Extend an ephemeral environment's expiry, within its tier's maximum time to live; deploy it to carry the new expiry into its tags.")
    .requiredOption("--for <duration>", "new time to live from now: 90m, 48h, 7d")
    .option("--now <time>", "renew as of this time (ISO-8601 UTC; default: now)")
    .action(async (name: string, flags: RenewFlags) => setExitCode(await runRenew(name, flags, context)))
    .addHelpText("after", ["", "Exit codes: 0 renewed, 2 bad input (an unknown or persistent environment, a time to live beyond the tier's maximum).", examples(["envctl renew pr-123 --for 48h && cdktf deploy env-pr-123"])].join("\n"));
  lifecycleOptions(program.command("reap"))
    .description("Destroy expired environments through Terraform. A dry run unless --yes; never prod, a protected, persistent or unexpired environment.")
    .option("--now <time>", "judge expiry at this time (ISO-8601 UTC; default: now)")
    .option("--yes", "destroy (without it, print what would be destroyed and in which order)")
    .option("--concurrency <n>", "environments destroyed at once (1-16)", "2")
    .option("--format <format>", "text or json", "text")
    .action(async (flags: ReapFlags) => setExitCode(await runReap(flags, context)))
    .addHelpText("after", ["", "Exit codes: 0 done (or nothing to do), 1 a destroy failed, 2 bad input.", examples(["envctl reap", "envctl reap --yes --format json > reap.json", "envctl reap --now 2026-12-24T00:00:00Z"])].join("\n"));
  lifecycleOptions(program.command("drift"))
    .argument("[environments...]", "environments to read (default: every environment in the manifest)")
    .description("Detect drift: what changed outside Terraform since the last deploy (refresh-only plan, provider noise filtered out), and separately what changed in the code.")
    .option("--fix", "apply the plan that restores the declared configuration of each drifted environment (shown first)")
    .option("--yes", "confirm --fix for prod")
    .option("--concurrency <n>", "environments read at once (1-16)", "2")
    .option("--format <format>", "text or json", "text")
    .action(async (names: string[], flags: DriftFlags) => setExitCode(await runDrift(names, flags, context)))
    .addHelpText(
      "after",
      ["", "Exit codes: 0 no drift, 2 drift (or bad input), 1 an environment could not be read or corrected.", examples(["envctl drift", "envctl drift dev pr-123 --format json", "envctl drift pr-123 --fix", "envctl drift prod --fix --yes"])].join(
        "\n"
      )
    );
  lifecycleOptions(program.command("report"))
    .argument("[environments...]", "environments to report on (default: every environment of the estate)")
    .description("The estate at a glance: a self-contained HTML site (an overview and a page per environment), or the overview as Markdown or JSON.")
    .option("--html <dir>", "write the site into this folder (replaced whole; it works from a file URL or a CI artifact)")
    .option("--format <format>", "print the overview: markdown (a table for a pull request comment) or json")
    .option("--status <file>", "each environment's health, from a saved `envctl status --format json`")
    .option("--drift <file>", "each environment's drift, from a saved `envctl drift --format json`")
    .option("--live", "read health (AWS API) and drift (Terraform) now, as envctl status and drift do")
    .option("--release-dir <dir>", "directory of the release ledgers", "terraform-state/releases")
    .option("--prices <file>", "a price table (JSON, the shape of the shipped policies/cost/prices.json)")
    .option("--now <time>", "the time to compute what is left from (ISO-8601 UTC; default: now)")
    .option("--force", "let --html replace a folder envctl report did not write")
    .action(async (names: string[], flags: ReportFlags) => setExitCode(await runReport(names, flags, context)))
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 written, 1 a live read failed, 2 bad input (nothing written).",
        examples([
          "envctl report --html estate-report",
          "envctl status --format json > status.json; envctl drift --format json > drift.json; envctl report --html estate-report --status status.json --drift drift.json",
          'envctl report --format markdown >> "$GITHUB_STEP_SUMMARY"',
        ]),
      ].join("\n")
    );
  const rolloutOptions = (command: Command) =>
    command
      .option("--stacks <which>", "which stacks of each environment: aws, kubernetes or all", "all")
      .option("--parallel <n>", "environments at once (1-16)", "2")
      .option("--plan", "print the ordered steps (and each environment's release gate) without running them; up still synthesizes first")
      .option("--format <format>", "text or json", "text")
      .option("--skip-synth", "use the output directory as it is instead of synthesizing the app first")
      .option("--dir <dir>", "cdktf output directory", "cdktf.out")
      .option("--release-dir <dir>", "directory of the release ledgers", "terraform-state/releases");
  rolloutOptions(program.command("up"))
    .argument("[environments...]", "environments to deploy (default: every environment in the app)")
    .description(
      "Synthesize once, then deploy whole environments: each one's AWS stack, then its Kubernetes stack; environments side by side. A deployed environment is checked as envctl status does and its release is recorded; a release its tier's promotion gate refuses is not deployed."
    )
    .option("--break-glass <reason>", "deploy a release that is not promoted, for this reason (recorded; envctl list warns of it)")
    .option("--now <time>", "judge expiry at this time (ISO-8601 UTC; default: now)")
    .action(async (names: string[], flags: RolloutFlags) => setExitCode(await runUp(names, flags, context)))
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 every environment deployed and healthy (or skipped as expired), 1 some failed, were refused or are unhealthy, 2 bad input.",
        examples(["envctl up dev staging", "envctl up --plan --format json", "envctl up prod --stacks aws", 'envctl up prod --break-glass "INC-1234: hotfix while staging is down"']),
      ].join("\n")
    );
  rolloutOptions(program.command("down"))
    .argument("<environments...>", "environments to tear down")
    .description(
      "Destroy whole environments as cdktf.out describes them, in the reverse order: each one's Kubernetes stack, then its AWS stack (a stack whose state holds nothing is skipped). Staging and prod are refused unless decommissioned in their spec."
    )
    .action(async (names: string[], flags: RolloutFlags) => setExitCode(await runDown(names, flags, context)))
    .addHelpText("after", ["", "Exit codes: 0 destroyed, 1 some failed or were refused, 2 bad input.", examples(["envctl down dev pr-123", "envctl down dev --plan"])].join("\n"));
  const releaseOptions = (command: Command) =>
    command
      .option("--dir <dir>", "cdktf output directory holding the environment manifest", "cdktf.out")
      .option("--release-dir <dir>", "directory of the release ledgers", "terraform-state/releases")
      .option("--format <format>", "text or json", "text");
  releaseOptions(program.command("promote"))
    .argument("<from>", "the environment the release runs in")
    .argument("<to>", "the environment to promote it to")
    .description("Promote the release that runs in <from> (or an older one: a rollback) to <to>, once it ran healthy in <from> for <to>'s soak time, the parity rules hold, and <to>'s approvals are recorded. Writes an audit record.")
    .option("--release <id>", "the release to promote (default: the one <from> runs now); an older one rolls back")
    .action(async (from: string, to: string, flags: ReleaseFlags) => setExitCode(await runPromote(from, to, flags, context)))
    .addHelpText("after", ["", "Exit codes: 0 promoted, 1 refused (every reason is listed), 2 bad input.", examples(["envctl promote staging prod", "envctl promote staging prod --release rel-0123456789ab"])].join("\n"));
  releaseOptions(program.command("approve"))
    .argument("<to>", "the environment the release is headed for")
    .description("Approve a release for an environment, as the CI actor or your git identity; the person who promotes cannot also approve.")
    .option("--release <id>", "the release to approve")
    .action(async (to: string, flags: ReleaseFlags) => setExitCode(await runApprove(to, flags, context)))
    .addHelpText("after", ["", "Exit codes: 0 recorded, 2 bad input (an unknown release or environment, no identity).", examples(["envctl approve prod --release rel-0123456789ab"])].join("\n"));
  releaseOptions(program.command("history"))
    .argument("<environment>", "the environment")
    .description("The releases deployed to an environment, its approvals, promotions and break-glass deploys, newest first.")
    .action(async (name: string, flags: ReleaseFlags) => setExitCode(await runHistory(name, flags, context)))
    .addHelpText("after", ["", "Exit codes: 0 printed, 2 bad input.", examples(["envctl history prod", "envctl history prod --format json"])].join("\n"));
  const pipeline = program
    .command("pipeline")
    .description("Generate what a CI or GitOps engine runs, from the environment manifest.")
    .addHelpText("after", ["", "Exit codes: 0 written or up to date, 2 bad input: nothing written.", examples(["envctl pipeline github"])].join("\n"));
  pipeline
    .command("github")
    .description("Write GitHub Actions workflows: deploy on push (a job per environment, in its GitHub Environment), promote by dispatch, previews per pull request, hourly reap, nightly drift.")
    .option("--dir <dir>", "cdktf output directory holding the environment manifest", "cdktf.out")
    .option("--out <dir>", "where the workflows go", ".github/workflows")
    .option("--branch <name>", "the branch whose pushes deploy", "main")
    .option("--force", "replace workflow files of the same name that envctl did not write")
    .action(async (flags: PipelineFlags) => setExitCode(await runPipelineGithub(flags, context)))
    .addHelpText(
      "after",
      ["", "Exit codes: 0 written or up to date, 2 bad input (an environment without a deploy role, a file in the way): nothing written.", examples(["envctl pipeline github", "envctl pipeline github --branch trunk --out .github/workflows"])].join(
        "\n"
      )
    );
  pipeline
    .command("flux")
    .description("Write, per environment, what Flux's Terraform controller runs: an OCIRepository source, a Terraform resource per stack (drift interval, plan approval by tier, order, outputs), the runner's role, a kustomization.")
    .option("--source <url>", "the OCI repository CI pushes cdktf.out to, such as oci://ghcr.io/acme/envkit-stacks")
    .option("--dir <dir>", "cdktf output directory holding the environment manifest", "cdktf.out")
    .option("--out <dir>", "where the resources go (a folder per environment)", "flux")
    .option("--namespace <name>", "the namespace of the resources", "flux-system")
    .option("--force", "replace files of the same name that envctl did not write")
    .action(async (flags: PipelineFlags) => setExitCode(await runPipelineFlux(flags, context)))
    .addHelpText(
      "after",
      ["", "Exit codes: 0 written or up to date, 2 bad input (no --source, an environment without a deploy role, a file in the way): nothing written.", examples(["envctl pipeline flux --source oci://ghcr.io/acme/envkit-stacks"])].join("\n")
    );
  program
    .command("cost")
    .description("Estimate offline the monthly cost of each environment (or of one Terraform JSON or plan), per resource, against its budget.")
    .argument("[environments...]", "environments to price (default: all in the manifest)")
    .option("--dir <dir>", "cdktf output directory holding the environment manifest", "cdktf.out")
    .option("--file <path>", "price one cdk.tf.json, *.tf.json or `terraform show -json` plan instead of --dir")
    .option("--tier <tier>", `tier of --file when its tags name none: ${TIERS.join(", ")} (default: prod)`)
    .option("--prices <file>", "a price table (JSON, the shape of the shipped policies/cost/prices.json) for your region or discounts")
    .option("--advise", "also name settings that cost more than the tier needs, and what changing each saves")
    .option("--format <format>", "table, json, or markdown (the summary only)", "table")
    .action(async (names: string[], flags: CostFlags) => setExitCode(await runCost(names, flags, context)))
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 estimated, 2 bad input (unknown environment, unreadable plan or price table).",
        examples(["envctl cost", "envctl cost dev prod --format json", "envctl cost dev --advise", "terraform show -json plan.out > plan.json && envctl cost --file plan.json"]),
      ].join("\n")
    );
  program
    .command("diff")
    .description("Show the effective difference between two environments: sizing, security, lifecycle, config (secrets masked), services and cost, and why each differs.")
    .argument("<a>", "an environment")
    .argument("<b>", "the environment to compare it with")
    .option("--dir <dir>", "cdktf output directory holding the environment manifest", "cdktf.out")
    .option("--format <format>", "table or json", "table")
    .action(async (a: string, b: string, flags: DiffFlags) => setExitCode(await runDiff(a, b, flags, context)))
    .addHelpText("after", ["", "Exit codes: 0 compared, 2 bad input (an unknown environment, no manifest).", examples(["envctl diff staging prod", "envctl diff dev pr-123 --format json"])].join("\n"));
  const collect = (value: string, previous: string[] = []) => [...previous, value];
  const emulator = program
    .command("emulator")
    .description("Run a local AWS API (moto with cdktf-envkit's corrections) to deploy environments without an AWS account: one server per account, on a free loopback port.")
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 done, 1 the emulator could not run (Python or moto missing: the message says what to install), 2 bad input.",
        examples(['eval "$(npx envctl emulator start --account 111111111111)"', "npx cdktf deploy env-dev --auto-approve", 'eval "$(npx envctl emulator stop)"']),
      ].join("\n")
    );
  emulator
    .command("start")
    .description("Start an emulator per account (those already running are reused) and print the shell lines that point Terraform, the cdktf CLI and envctl at the first.")
    .option("--account <id>", "AWS account to emulate, 12 digits; repeat for several (default: the accounts of cdktf.out's environments)", collect)
    .option("--region <region>", "region the printed environment names (default: the first environment's, else AWS_REGION, else us-east-1)")
    .option("--python <path>", "the Python that has moto (default: python3 on PATH)")
    .option("--no-corrections", "serve moto as released, without the corrections of its differences from AWS (to see one for yourself)")
    .option("--dir <dir>", "cdktf output directory whose environments' accounts are the default", "cdktf.out")
    .option("--format <format>", "shell (export lines, for eval) or json", "shell")
    .action((flags: EmulatorStartFlags) => runEmulatorStart(flags, context).then(setExitCode))
    .addHelpText(
      "after",
      ["", "Exit codes: 0 running, 1 the emulator could not start, 2 bad input.", examples(['eval "$(npx envctl emulator start --account 111111111111)"', "npx envctl emulator start --account 111111111111 --account 333333333333 --format json"])].join(
        "\n"
      )
    );
  emulator
    .command("env")
    .description("Print the shell lines for a running emulator of this project (the first started, unless --account names another).")
    .option("--account <id>", "the account of the emulator", collect)
    .option("--format <format>", "shell or json", "shell")
    .action((flags: EmulatorFlags) => runEmulatorEnv(flags, context).then(setExitCode))
    .addHelpText("after", ["", "Exit codes: 0 printed, 2 no such emulator runs.", examples(['eval "$(npx envctl emulator env --account 333333333333)"'])].join("\n"));
  emulator
    .command("stop")
    .description("Stop the emulators this project started (all, or those --account names), and print unset lines when the shell points at one.")
    .option("--account <id>", "the account of an emulator to stop; repeat for several", collect)
    .option("--format <format>", "shell or json", "shell")
    .action((flags: EmulatorFlags) => runEmulatorStop(flags, context).then(setExitCode))
    .addHelpText("after", ["", "Exit codes: 0 stopped, 2 no emulator of that account was started here.", examples(['eval "$(npx envctl emulator stop)"'])].join("\n"));
  return program;
}

const examples = (lines: readonly string[]) => ["", "Examples:", ...lines.map((l) => `  $ ${l}`)].join("\n");

/** Runs envctl with `argv` (without node and script) and resolves with the exit code. */
export async function main(argv: readonly string[], context: CommandContext = processContext()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(context, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: "user" });
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
  // The AWS SDK warns on every run under Node 20 about its own future releases; envctl pins versions that support Node 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    const what = error.code === "EPIPE" ? "standard output was closed before the report was written (broken pipe)" : `writing to standard output failed (${error.message})`;
    process.stderr.write(`envctl: ${what}\n`);
    process.exit(EXIT.output);
  });
  main(argv).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`envctl failed (a bug; please report it): ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = EXIT.internal;
    }
  );
}

if (require.main === module) runProcess(process.argv.slice(2));
