/**
 * Test harness only: a real AWS API on loopback. Each emulator is a moto
 * server (see moto-launcher.py) on a free port, for one AWS account
 * (`MOTO_ACCOUNT_ID`), stopped when the test is done or the test process
 * dies. Nothing in the library knows about it: the library and Terraform see
 * an AWS endpoint through the standard `AWS_ENDPOINT_URL`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The AWS account the emulator answers as (STS GetCallerIdentity). */
  readonly accountId: string;
  /** The standard AWS environment that points Terraform and the AWS SDK at the emulator, with fake credentials. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * What the server reported as its own faults: requests it answered with a
   * 5xx status and the tracebacks behind them (werkzeug logs every request on
   * standard error). Empty when the emulator never failed a request.
   */
  serverErrors(): string[];
  /** Stops the server; resolves once the process has exited. */
  stop(): Promise<void>;
}

const LAUNCHER = resolve(__dirname, "moto-launcher.py");
const running = new Set<ChildProcess>();
process.on("exit", () => running.forEach((child) => child.kill("SIGKILL")));

/** Fails with a message that says what to install when moto is missing (a test never skips for it). */
export function assertMotoInstalled(python = "python3"): string {
  const probe = spawnSync(python, ["-c", "import moto, sys; print(moto.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) {
    throw new Error(`moto is not installed for ${python} (the Python on PATH): the emulator tests need it. Install it with \`pip install "moto[server]==5.2.1"\`. ${probe.stderr.trim()}`);
  }
  return probe.stdout.trim();
}

/** Starts an emulator answering as `accountId`, and waits until it answers. */
export async function startEmulator(accountId: string, region = "eu-west-1"): Promise<Emulator> {
  assertMotoInstalled();
  const child = spawn("python3", [LAUNCHER], { env: { ...process.env, MOTO_ACCOUNT_ID: accountId, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" }, stdio: ["pipe", "pipe", "pipe"] });
  running.add(child);
  const stderr: string[] = [];
  child.stderr.on("data", (d) => stderr.push(String(d)));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`moto did not start within 30 s: ${stderr.join("")}`)), 30_000);
    child.once("exit", (code) => fail(new Error(`moto exited with ${code} before it started: ${stderr.join("")}`)));
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      done((JSON.parse(line) as { port: number }).port);
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(endpoint);
  const env = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_SESSION_TOKEN: "testing",
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: "true",
  };
  return {
    endpoint,
    accountId,
    env,
    serverErrors: () => serverErrors(stderr.join("")),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
        child.once("exit", () => {
          clearTimeout(kill);
          running.delete(child);
          done();
        });
        child.stdin.end();
      }),
  };
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

async function waitUntilAnswering(endpoint: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the emulator at ${endpoint} did not answer within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Environment variables that would send Terraform or the SDK elsewhere than the emulator; cleared in every child. */
export const FOREIGN_AWS_VARIABLES = ["AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"];
