/**
 * The emulator suite's AWS API: started with the command users run,
 * `envctl emulator start --account <id>` (moto with the shipped corrections,
 * one server per account on a free loopback port), stopped with
 * `envctl emulator stop`. Each emulator is started from a directory of its
 * own, so that its record and log stay apart from the projects using it.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { MOTO_INSTALL } from "../../controller/emulator/emulator";

const ENVCTL = resolve(__dirname, "../../dist/controller/cli/main.js");
const run = promisify(execFile);

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The AWS account the emulator answers as (STS GetCallerIdentity). */
  readonly accountId: string;
  /** The environment `envctl emulator start` prints for it (endpoint, fake credentials, region). */
  readonly env: Readonly<Record<string, string>>;
  /** Where `envctl emulator start` ran: its `.envctl/` records the server. */
  readonly home: string;
  /**
   * What the server reported as its own faults: requests it answered with a
   * 5xx status and the tracebacks behind them (its log holds every request).
   * Empty when the emulator never failed a request.
   */
  serverErrors(): string[];
  /** `envctl emulator stop`; resolves once the server has exited. */
  stop(): Promise<void>;
}

/** Fails with a message that says what to install when moto is missing (a test never skips for it). */
export function assertMotoInstalled(python = "python3"): string {
  const probe = spawnSync(python, ["-c", "import moto, sys; print(moto.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) throw new Error(`moto is not installed for ${python} (the Python on PATH): the emulator tests need it. Install it with \`${MOTO_INSTALL}\`. ${probe.stderr.trim()}`);
  return probe.stdout.trim();
}

const started = new Set<string>();
// A test process that dies still stops what it started.
process.on("exit", () => started.forEach((home) => spawnSync(process.execPath, [ENVCTL, "emulator", "stop"], { cwd: home })));

/** Starts an emulator answering as `accountId` with `envctl emulator start`; `plain` serves moto without the corrections (to prove each one). */
export async function startEmulator(accountId: string, region = "eu-west-1", { plain = false } = {}): Promise<Emulator> {
  assertMotoInstalled();
  const home = mkdtempSync(join(tmpdir(), "envkit-emulator-"));
  const { stdout } = await run(process.execPath, [ENVCTL, "emulator", "start", "--account", accountId, "--region", region, "--format", "json", ...(plain ? ["--no-corrections"] : [])], { cwd: home });
  started.add(home);
  const [emulator] = (JSON.parse(stdout) as { emulators: { endpoint: string; log: string; env: Record<string, string> }[] }).emulators;
  return {
    endpoint: emulator.endpoint,
    accountId,
    env: emulator.env,
    home,
    serverErrors: () => serverErrors(readFileSync(emulator.log, "utf8")),
    stop: async () => {
      await run(process.execPath, [ENVCTL, "emulator", "stop"], { cwd: home });
      started.delete(home);
    },
  };
}

/**
 * The emulators `envctl emulator start` started in the project at `home` (as
 * a walk-through of the docs does), by account; stopped with the project, or
 * by the process's exit.
 */
export function projectEmulators(home: string): Record<string, Emulator> {
  started.add(home);
  const { emulators: records } = JSON.parse(readFileSync(join(home, ".envctl", "emulators.json"), "utf8")) as { emulators: { account: string; endpoint: string; log: string; region: string }[] };
  return Object.fromEntries(
    records.map((r) => [
      r.account,
      {
        endpoint: r.endpoint,
        accountId: r.account,
        env: { AWS_ENDPOINT_URL: r.endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: r.region, AWS_DEFAULT_REGION: r.region, AWS_EC2_METADATA_DISABLED: "true" },
        home,
        serverErrors: () => serverErrors(readFileSync(r.log, "utf8")),
        stop: async () => void (await run(process.execPath, [ENVCTL, "emulator", "stop", "--account", r.account], { cwd: home })),
      } satisfies Emulator,
    ]),
  );
}

/** Request lines with a 5xx status, and each traceback (up to its exception line). */
function serverErrors(log: string): string[] {
  const lines = log.split("\n");
  const found: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/" 5\d\d [-\d]/.test(lines[i])) found.push(lines[i]);
    else if (lines[i].startsWith("Traceback")) {
      let end = i + 1;
      while (end < lines.length && /^\s/.test(lines[end])) end++;
      found.push(lines.slice(i, end + 1).join("\n"));
      i = end;
    }
  }
  return found;
}

/** Environment variables that would send Terraform or the SDK elsewhere than the emulator; cleared in every child. */
export const FOREIGN_AWS_VARIABLES = ["AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_SESSION_TOKEN"];
