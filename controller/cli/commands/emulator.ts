/**
 * `envctl emulator start|env|stop`: a local AWS API for trying environments
 * without an AWS account. `start` runs moto with our corrections, one server
 * per account on a free loopback port, and prints the shell lines that point
 * Terraform, the cdktf CLI and envctl at it; `stop` stops what `start` started.
 */
import { EnvkitInputError, EXIT } from "../../../lib/core/errors";
import { emulatorEnvironment, runningEmulators, shellExports, startEmulators, stopEmulators, type EmulatorRecord } from "../../emulator/emulator";
import { readSynthOutput } from "../../manifest/output";
import { CommandContext, NODE_FS } from "../io";
import { commandBody, parseFormat } from "./shared";

/** Flags of `envctl emulator start`. */
export interface EmulatorStartFlags {
  readonly account?: readonly string[];
  readonly region?: string;
  readonly python?: string;
  /** False with `--no-corrections`. @default true */
  readonly corrections?: boolean;
  /** @default "cdktf.out" */
  readonly dir?: string;
  /** @default "shell" */
  readonly format?: string;
}

/** Flags of `envctl emulator env` and `stop`. */
export interface EmulatorFlags {
  readonly account?: readonly string[];
  /** @default "shell" */
  readonly format?: string;
}

const FORMATS = ["shell", "json"] as const;

/** Starts the emulators (or finds them running) and prints how to use them. */
export function runEmulatorStart(flags: EmulatorStartFlags, context: CommandContext): Promise<number> {
  return commandBody("emulator start", context, async () => {
    const format = parseFormat(flags.format, FORMATS);
    const fromApp = appAccounts(context, flags.dir ?? "cdktf.out");
    const accounts = flags.account?.length ? flags.account : fromApp?.accounts ?? [];
    const region = flags.region ?? fromApp?.region ?? context.env.AWS_REGION ?? context.env.AWS_DEFAULT_REGION ?? "us-east-1";
    const { emulators, started } = await startEmulators(accounts, region, { cwd: context.cwd, python: flags.python, corrections: flags.corrections, env: { ...process.env, ...context.env } });
    context.stdout(format === "json" ? json(emulators) : shell(emulators, (e) => (started.includes(e.account) ? "started" : "already running")));
    return EXIT.ok;
  });
}

/** Prints the environment of a running emulator (the first one started when no account is named). */
export function runEmulatorEnv(flags: EmulatorFlags, context: CommandContext): Promise<number> {
  return commandBody("emulator env", context, () => {
    const format = parseFormat(flags.format, FORMATS);
    const running = runningEmulators(context.cwd);
    const wanted = flags.account?.length ? flags.account : running.slice(0, 1).map((e) => e.account);
    if (wanted.length === 0) throw new EnvkitInputError("no emulator runs for this project; start one with `envctl emulator start --account <12 digits>`.");
    const missing = wanted.filter((a) => !running.some((e) => e.account === a));
    if (missing.length > 0) throw new EnvkitInputError(`no emulator of account ${missing.join(", ")} runs for this project; running: ${running.map((e) => e.account).join(", ") || "none"}.`);
    const emulators = wanted.map((a) => running.find((e) => e.account === a) as EmulatorRecord);
    context.stdout(format === "json" ? json(emulators) : shell(emulators, () => "running"));
    return EXIT.ok;
  });
}

/** Stops the emulators this project started; prints `unset` lines when the shell points at one of them. */
export function runEmulatorStop(flags: EmulatorFlags, context: CommandContext): Promise<number> {
  return commandBody("emulator stop", context, async () => {
    const format = parseFormat(flags.format, FORMATS);
    const stopped = await stopEmulators(flags.account ?? [], context.cwd);
    if (format === "json") {
      context.stdout(`${JSON.stringify({ stopped: stopped.map((e) => ({ account: e.account, endpoint: e.endpoint, pid: e.pid })) }, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = stopped.length === 0 ? ["# no emulator was running for this project"] : stopped.map((e) => `# stopped the emulator of account ${e.account} at ${e.endpoint}`);
    if (stopped.some((e) => e.endpoint === context.env.AWS_ENDPOINT_URL)) lines.push(`unset ${Object.keys(emulatorEnvironment(stopped[0])).join(" ")}`);
    context.stdout(`${lines.join("\n")}\n`);
    return EXIT.ok;
  });
}

/** The accounts (in the manifest's order) and first region of the synthesized app, when there is one. */
function appAccounts(context: CommandContext, dir: string): { accounts: string[]; region?: string } | undefined {
  const fs = context.fs ?? NODE_FS;
  let manifest;
  try {
    manifest = readSynthOutput(fs, context.cwd, dir).manifest;
  } catch {
    return undefined;
  }
  if (!manifest) return undefined;
  const accounts = [...new Set(manifest.environments.map((e) => e.resolved.account).filter((a): a is string => typeof a === "string"))];
  return { accounts, region: manifest.environments[0]?.resolved.region };
}

function shell(emulators: readonly EmulatorRecord[], state: (e: EmulatorRecord) => string): string {
  const [first, ...others] = emulators;
  const lines = emulators.map((e) => `# account ${e.account}: moto ${e.moto} ${e.corrected ? "with cdktf-envkit's corrections" : "as released, WITHOUT corrections"} at ${e.endpoint}, ${state(e)} (log: ${e.log})`);
  lines.push(shellExports(first));
  for (const other of others) lines.push(`# for account ${other.account}: eval "$(npx envctl emulator env --account ${other.account})"`);
  return `${lines.join("\n")}\n`;
}

function json(emulators: readonly EmulatorRecord[]): string {
  return `${JSON.stringify({ emulators: emulators.map((e) => ({ ...e, env: emulatorEnvironment(e) })) }, null, 2)}\n`;
}
