import { spawn } from "child_process";
import * as os from "os";
import * as path from "path";
import { writeCliConfig } from "./cli-config";

/** Result of one Terraform command. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Thrown when a Terraform command exits non-zero; the message carries Terraform's own. */
export class TerraformCommandError extends Error {
  constructor(readonly args: readonly string[], readonly cwd: string, readonly result: TerraformResult) {
    super(`terraform ${args.join(" ")} failed in ${cwd} (exit ${result.code}):\n${(result.stderr || result.stdout).trim()}`);
    this.name = "TerraformCommandError";
  }
}

/** Options of a `TerraformRunner`. */
export interface TerraformRunnerOptions {
  /** @default "terraform" */
  readonly binary?: string;
  /** Base environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Where to write the offline CLI configuration. @default - a directory under the OS temp dir */
  readonly configDirectory?: string;
}

/**
 * Runs the Terraform CLI non-interactively with checkpoint calls off and, when
 * `TF_PROVIDER_MIRROR` is set, providers installed from that mirror only.
 */
export class TerraformRunner {
  private readonly binary: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(options: TerraformRunnerOptions = {}) {
    this.binary = options.binary ?? "terraform";
    const base = options.env ?? process.env;
    const configFile = writeCliConfig(options.configDirectory ?? path.join(os.tmpdir(), `envkit-terraform-${process.pid}`), base);
    this.env = {
      ...base,
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      ...(configFile ? { TF_CLI_CONFIG_FILE: configFile } : {}),
    };
  }

  /** Runs `terraform <args>` in `cwd`; rejects with `TerraformCommandError` on a non-zero exit. */
  async run(cwd: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
    const result = await this.exec(cwd, args, extraEnv);
    if (result.code !== 0) throw new TerraformCommandError(args, cwd, result);
    return result;
  }

  /** Runs `terraform <args>` in `cwd` and resolves with the result whatever the exit code. */
  exec(cwd: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, ["-chdir=" + cwd, ...args], { env: { ...this.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (b: Buffer) => out.push(b));
      child.stderr.on("data", (b: Buffer) => err.push(b));
      child.on("error", (e) => reject(new Error(`cannot run ${this.binary}: ${e.message}; install Terraform >= 1.5 or set its path`)));
      child.on("close", (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
    });
  }

  /** `terraform init` without backend prompts. */
  init(cwd: string): Promise<TerraformResult> {
    return this.run(cwd, ["init", "-input=false", "-no-color"]);
  }

  /** `terraform validate -json`, parsed. */
  async validate(cwd: string): Promise<{ valid: boolean; error_count: number; diagnostics: { severity: string; summary: string; detail?: string }[] }> {
    const result = await this.exec(cwd, ["validate", "-json", "-no-color"]);
    return JSON.parse(result.stdout);
  }

  /** `terraform plan -out=<planFile>`; the exit code is 2 with `-detailed-exitcode` when changes are pending. */
  plan(cwd: string, planFile: string, extraArgs: readonly string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
    return this.run(cwd, ["plan", "-input=false", "-no-color", "-lock=false", `-out=${planFile}`, ...extraArgs], extraEnv);
  }

  /** `terraform show -json <planFile>`, parsed. */
  async showPlan(cwd: string, planFile: string): Promise<Record<string, unknown>> {
    const result = await this.run(cwd, ["show", "-json", "-no-color", planFile]);
    return JSON.parse(result.stdout);
  }
}
