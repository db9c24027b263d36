/**
 * Test harness only: a throwaway project of the example organization (this
 * repository's main.ts, every feature of it, nothing left out) that deploys
 * with the real cdktf CLI, exactly as a user runs it, and the Terraform CLI
 * configuration that installs providers from the mirror.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeCliConfig } from "../../controller/terraform/cli-config";
import { FOREIGN_AWS_VARIABLES, type Emulator } from "./moto";

const ROOT = resolve(__dirname, "../..");
const CDKTF = join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");

/** What a CLI run printed and how it ended. */
export interface RunResult {
  readonly code: number;
  /** Standard output and error, as a terminal shows them. */
  readonly output: string;
  /** Standard output alone (a report). */
  readonly stdout: string;
  readonly ms: number;
}

/** A project directory with `cdktf.json`, and a runner of the cdktf CLI and envctl inside it. */
export interface EmulatorProject {
  readonly dir: string;
  /** `cdktf <args>` against `emulator`. */
  cdktf(args: readonly string[], emulator: Emulator): Promise<RunResult>;
  /** `envctl <args>` (the built CLI) against `emulator`. */
  envctl(args: readonly string[], emulator: Emulator): Promise<RunResult>;
  /** `terraform <args>` in a synthesized stack's directory (of `outdir`, default cdktf.out), against `emulator`. */
  terraform(stack: string, args: readonly string[], emulator: Emulator, outdir?: string): Promise<RunResult>;
}

/** Creates a project whose app is this repository's main.ts (or runs in the `existing` project); `extraEnv` is set for every command. */
export function emulatorProject(extraEnv: Readonly<Record<string, string>> = {}, existing?: string): EmulatorProject {
  const dir = existing ?? mkdtempSync(join(tmpdir(), "envkit-emu-"));
  if (!existing) {
    writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: `node -r ${require.resolve("ts-node/register/transpile-only")} ${join(ROOT, "main.ts")}`, sendCrashReports: "false", terraformProviders: [], terraformModules: [], context: {} }, null, 2));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  }
  const cliConfig = writeCliConfig(existing ? mkdtempSync(join(tmpdir(), "envkit-cli-")) : join(dir, ".terraform-cli"));
  const base = (emulator: Emulator): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...emulator.env };
    for (const name of FOREIGN_AWS_VARIABLES) delete env[name];
    return {
      ...env,
      CHECKPOINT_DISABLE: "1",
      CI: "true",
      NO_COLOR: "1",
      // The provider mirror is installed from by links; a plugin cache would copy it, and is not safe for parallel runs.
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true",
      TS_NODE_PROJECT: join(ROOT, "tsconfig.json"),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...extraEnv,
      ...(cliConfig ? { TF_CLI_CONFIG_FILE: cliConfig } : {}),
    };
  };
  return {
    dir,
    cdktf: (args, emulator) => run(process.execPath, [CDKTF, ...args], dir, base(emulator)),
    envctl: (args, emulator) => run(process.execPath, [join(ROOT, "dist/controller/cli/main.js"), ...args], dir, base(emulator)),
    terraform: (stack, args, emulator, outdir = "cdktf.out") => run("terraform", [...args], join(dir, outdir, "stacks", stack), base(emulator)),
  };
}

/** Every command run, with when it started (ms since the first) and how long it took: printed by the suite to show where its time goes. */
export const RUN_LOG: { command: string; startMs: number; ms: number; code: number }[] = [];
const FIRST = Date.now();

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const started = Date.now();
  const label = `${command.endsWith("node") ? "" : `${command} `}${args.filter((a) => !a.includes("/")).join(" ")}`.trim();
  return new Promise((done, fail) => {
    const child = spawn(command, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    const out: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => (chunks.push(b), out.push(b)));
    child.stderr.on("data", (b: Buffer) => chunks.push(b));
    child.on("error", fail);
    // Terraform colors its output even with NO_COLOR when cdktf runs it; what a test reads is the text.
    const text = (buffers: Buffer[]) => Buffer.concat(buffers).toString("utf8").replace(/\u001b\[[0-9;]*m/g, "");
    child.on("close", (code) => {
      RUN_LOG.push({ command: `${label} (${env.AWS_ENDPOINT_URL ?? ""})`, startMs: started - FIRST, ms: Date.now() - started, code: code ?? 1 });
      done({ code: code ?? 1, output: text(chunks), stdout: text(out), ms: Date.now() - started });
    });
  });
}
