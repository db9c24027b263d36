/**
 * The local AWS API of `envctl emulator`: moto's server with our corrections
 * (moto-launcher.py), one per AWS account on a free loopback port, started in
 * the background and recorded in `.envctl/emulators.json` of the project, so
 * that `envctl emulator stop` stops exactly what `start` started. Terraform,
 * the cdktf CLI and envctl reach it through the standard `AWS_ENDPOINT_URL`.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { EnvkitError, EnvkitInputError, EXIT } from "../../lib/core/errors";
import { NODE_FS, writeFileAtomic } from "../../lib/core/fs";

/** The moto release the corrections are written for, and the line that installs it. */
export const SUPPORTED_MOTO = "5.2.1";
export const MOTO_INSTALL = `pip install "moto[server]==${SUPPORTED_MOTO}"`;
/** Where a project keeps what envctl started, relative to its root. */
export const EMULATOR_DIRECTORY = ".envctl";
const STATE_FILE = "emulators.json";
const LAUNCHER = "moto-launcher.py";
const ACCOUNT = /^\d{12}$/;

/** One running emulator. */
export interface EmulatorRecord {
  /** The AWS account it answers as (STS GetCallerIdentity, ARNs). */
  readonly account: string;
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The region the printed environment names. */
  readonly region: string;
  /** The server's log: every request, and the emulator's own failures. */
  readonly log: string;
  /** The moto version serving. */
  readonly moto: string;
  /** False when it serves moto as released (`--no-corrections`). */
  readonly corrected: boolean;
  readonly startedAt: string;
}

/** Where and how emulators run. */
export interface EmulatorOptions {
  /** The project root: `.envctl/` is kept there. */
  readonly cwd: string;
  /** @default "python3" (the Python on PATH) */
  readonly python?: string;
  /** Environment of the server processes. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** How long a server may take to answer. @default 30000 */
  readonly startTimeoutMs?: number;
  /**
   * Serve moto as released, without the corrections (to see a difference for oneself).
   * @default true
   */
  readonly corrections?: boolean;
}

/** The standard AWS environment that points Terraform, the cdktf CLI, envctl and the AWS SDKs at `emulator`, with fake credentials. */
export function emulatorEnvironment(emulator: EmulatorRecord): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: emulator.endpoint,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: emulator.region,
    AWS_DEFAULT_REGION: emulator.region,
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** `export` lines for a POSIX shell (`eval "$(npx envctl emulator start)"`). */
export function shellExports(emulator: EmulatorRecord): string {
  return Object.entries(emulatorEnvironment(emulator))
    .map(([name, value]) => `export ${name}=${value}`)
    .join("\n");
}

/** The path of the shipped launcher: beside this module in the sources, under dist/controller/emulator/ in the package. */
export function launcherPath(): string {
  const candidates = [join(__dirname, LAUNCHER), join(__dirname, "..", "emulator", LAUNCHER)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new EnvkitError(`the emulator launcher (${LAUNCHER}) is missing from this installation of cdktf-envkit (looked in ${candidates.join(", ")}); reinstall the package`, EXIT.internal);
  return found;
}

/** Checks that `python` runs and has moto's server; says exactly what to install when not. Returns moto's version. */
export function probeMoto(python = "python3", env: NodeJS.ProcessEnv = process.env): string {
  const probe = spawnSync(python, ["-c", "import moto, sys; from moto.moto_server.threaded_moto_server import ThreadedMotoServer; print(moto.__version__)"], { encoding: "utf8", env });
  if (probe.error) {
    throw new EnvkitError(
      `envctl emulator runs moto, a local AWS API, with Python 3, and ${python} could not be run (${probe.error.message}). Install Python 3 (on Debian: apt-get install -y python3 python3-pip), then ${MOTO_INSTALL}; or name your Python with --python.`,
      EXIT.findings
    );
  }
  if (probe.status !== 0) {
    throw new EnvkitError(
      `envctl emulator runs moto, a local AWS API, and ${python} has no moto server (${lastLine(probe.stderr)}). Install it for that Python: ${python} -m ${MOTO_INSTALL}; or name a Python that has it with --python.`,
      EXIT.findings
    );
  }
  return probe.stdout.trim();
}

/** The emulators recorded for the project at `cwd` whose process still runs. */
export function runningEmulators(cwd: string): EmulatorRecord[] {
  return readState(cwd).filter(isAlive);
}

/**
 * Starts an emulator for each of `accounts` that has none running (in
 * parallel), records it, and returns every emulator of those accounts, in
 * the order asked. A failure stops what this call started and says why.
 */
export async function startEmulators(accounts: readonly string[], region: string, options: EmulatorOptions): Promise<{ readonly emulators: EmulatorRecord[]; readonly started: readonly string[] }> {
  const bad = accounts.filter((a) => !ACCOUNT.test(a));
  if (bad.length > 0) throw new EnvkitInputError(`--account ${bad.map((b) => JSON.stringify(b)).join(", ")}: an AWS account id is 12 digits, such as 111111111111.`);
  if (accounts.length === 0) throw new EnvkitInputError("name the account to emulate with --account <12 digits> (the account of the environment you deploy), or synthesize an app first: its environments' accounts are the default.");
  const env = options.env ?? process.env;
  const running = runningEmulators(options.cwd);
  const wanted = [...new Set(accounts)];
  const mismatched = running.filter((r) => wanted.includes(r.account) && r.corrected !== (options.corrections !== false));
  if (mismatched.length > 0)
    throw new EnvkitInputError(
      `the emulator of account ${mismatched.map((r) => r.account).join(", ")} already runs ${mismatched[0].corrected ? "with" : "without"} the corrections; stop it first (envctl emulator stop --account ${mismatched[0].account}).`
    );
  const toStart = wanted.filter((a) => !running.some((r) => r.account === a));
  if (toStart.length > 0) probeMoto(options.python, env);
  const directory = resolve(options.cwd, EMULATOR_DIRECTORY);
  mkdirSync(directory, { recursive: true });
  const results = await Promise.allSettled(toStart.map((account) => startOne(account, region, directory, options, env)));
  const started = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
  if (failed.length > 0) {
    started.forEach(stopProcess);
    throw new EnvkitError(failed.map((e) => e.message).join("\n"), EXIT.findings);
  }
  writeState(options.cwd, [...running, ...started]);
  const all = [...running, ...started];
  return { emulators: wanted.map((a) => all.find((r) => r.account === a) as EmulatorRecord), started: started.map((s) => s.account) };
}

/** Stops the recorded emulators of `accounts` (every one when empty) and forgets them; returns what was stopped. */
export async function stopEmulators(accounts: readonly string[], cwd: string): Promise<EmulatorRecord[]> {
  const state = readState(cwd);
  const unknown = accounts.filter((a) => !state.some((r) => r.account === a));
  if (unknown.length > 0) throw new EnvkitInputError(`no emulator of account ${unknown.join(", ")} was started here (${join(EMULATOR_DIRECTORY, STATE_FILE)}); running: ${state.map((r) => r.account).join(", ") || "none"}.`);
  const stopping = accounts.length === 0 ? state : state.filter((r) => accounts.includes(r.account));
  await Promise.all(stopping.map(stopAndWait));
  writeState(
    cwd,
    state.filter((r) => !stopping.includes(r))
  );
  return stopping;
}

async function startOne(account: string, region: string, directory: string, options: EmulatorOptions, env: NodeJS.ProcessEnv): Promise<EmulatorRecord> {
  const ready = join(directory, `emulator-${account}.ready`);
  const log = join(directory, `emulator-${account}.log`);
  if (existsSync(ready)) unlinkSync(ready);
  const out = openSync(log, "w");
  const child = spawn(options.python ?? "python3", [launcherPath(), "--ready-file", ready, ...(options.corrections === false ? ["--plain"] : [])], {
    cwd: directory,
    detached: true,
    stdio: ["ignore", out, out],
    env: { ...env, MOTO_ACCOUNT_ID: account, MOTO_IAM_LOAD_MANAGED_POLICIES: "true", AWS_DEFAULT_REGION: region },
  });
  closeSync(out);
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? 1));
  child.unref();
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!existsSync(ready)) {
    if (exited !== null) throw new Error(`the emulator of account ${account} stopped before it answered (exit ${exited}); its log ${log} ends with: ${lastLine(readFileSync(log, "utf8"))}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the emulator of account ${account} did not answer within ${Math.round((options.startTimeoutMs ?? 30_000) / 1000)} s; see ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const { port, moto, corrected } = JSON.parse(readFileSync(ready, "utf8")) as { port: number; moto: string; corrected: boolean };
  unlinkSync(ready);
  return { account, pid: child.pid as number, port, endpoint: `http://127.0.0.1:${port}`, region, log, moto, corrected, startedAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") };
}

function statePath(cwd: string): string {
  return resolve(cwd, EMULATOR_DIRECTORY, STATE_FILE);
}

function readState(cwd: string): EmulatorRecord[] {
  const path = statePath(cwd);
  if (!existsSync(path)) return [];
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as { emulators?: EmulatorRecord[] };
    return Array.isArray(parsed.emulators) ? parsed.emulators : [];
  } catch {
    throw new EnvkitInputError(`${path} is damaged; stop the emulators it named by hand (their processes run moto-launcher.py) and delete it.`);
  }
}

function writeState(cwd: string, emulators: readonly EmulatorRecord[]): void {
  const path = statePath(cwd);
  if (emulators.length === 0) {
    if (existsSync(path)) unlinkSync(path);
    return;
  }
  mkdirSync(resolve(cwd, EMULATOR_DIRECTORY), { recursive: true });
  writeFileAtomic(NODE_FS, path, `${JSON.stringify({ emulators }, null, 2)}\n`);
}

/** The process still runs, and is our launcher (a recycled pid is not ours to stop). */
function isAlive(record: EmulatorRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch {
    return false;
  }
  const cmdline = `/proc/${record.pid}/cmdline`;
  return !existsSync("/proc/self") || (existsSync(cmdline) && readFileSync(cmdline, "utf8").includes(LAUNCHER));
}

function stopProcess(record: EmulatorRecord): void {
  if (isAlive(record)) process.kill(record.pid, "SIGTERM");
}

async function stopAndWait(record: EmulatorRecord): Promise<void> {
  stopProcess(record);
  const deadline = Date.now() + 5_000;
  while (isAlive(record) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(record)) process.kill(record.pid, "SIGKILL");
}

function lastLine(text: string): string {
  return text.trim().split("\n").filter(Boolean).pop() ?? "";
}
