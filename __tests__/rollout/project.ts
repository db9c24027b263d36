/**
 * A project of envctl's release commands in a git checkout: synthesizes the
 * app, runs envctl, records what Terraform was asked. Terraform and the AWS
 * API of the stacks are replaced by recorders (the emulator suite runs the
 * real ones); `aws` is the AWS environment of its shell (an emulator's
 * endpoint, for ledgers beside S3 states).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { EXIT } from "../../lib/core/errors";
import type { EnvironmentSpec, OrgDefaults } from "../../lib/environments/types";
import { createEnvironmentApp } from "../../stacks/app";
import type { CommandContext } from "../../controller/cli/io";
import { buildProgram } from "../../controller/cli/main";
import { runDown, runUp, type RolloutDependencies } from "../../controller/cli/commands/rollout";
import type { EnvironmentStatus } from "../../controller/status/status";
import { ORG, specFor } from "../helpers/fixtures";

export const T0 = new Date("2026-12-01T09:00:00Z");
export const SPECS: readonly EnvironmentSpec[] = [specFor("dev"), specFor("staging"), specFor("prod")];

/** A project in a git checkout: synthesizes the app, runs envctl, records what Terraform was asked. */
export function project(org: OrgDefaults = ORG, aws: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "envkit-rollout-"));
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", ...args], { cwd: dir, stdio: "pipe" });
  writeFileSync(join(dir, ".gitignore"), "cdktf.out/\nterraform-state/\n");
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "init");
  let settings = { org, specs: SPECS };
  const terraform: string[] = [];
  const failing = new Set<string>();
  const unhealthy = new Set<string>();
  const deps: RolloutDependencies = {
    synthesize: async (_outdir, extra) => synth(extra),
    runner: {
      exec: async (cwd, args) => {
        // Each stack runs in a working copy of its own, as deep below the project as in cdktf.out: its relative state path finds the same state.
        const stack = basename(cwd).replace(/-[0-9a-f]{8}$/, "");
        if (!cwd.startsWith(join(dir, ".envctl", "run")) || !existsSync(join(cwd, "cdk.tf.json")) || resolve(cwd, "../../../terraform-state") !== join(dir, "terraform-state")) throw new Error(`not a working copy: ${cwd}`);
        if (args[0] !== "init") terraform.push(`${args[0]} ${stack}`);
        if (args[0] === "init") return { code: 0, stdout: "Terraform has been successfully initialized!", stderr: "" };
        if (failing.has(stack)) return { code: 1, stdout: "", stderr: `\nError: creating thing: AccessDenied\n\n  on cdk.tf.json line 12, in resource.aws_s3_bucket.data:\n  12:   "bucket": "x",\n\nUser is not authorized\n` };
        return args[0] === "apply" ? { code: 0, stdout: "Apply complete! Resources: 4 added, 1 changed, 0 destroyed.\n", stderr: "" } : { code: 0, stdout: "Destroy complete! Resources: 5 destroyed.\n", stderr: "" };
      },
    },
    health: async (env) => ({ name: env.name, tier: env.tier, healthy: !unhealthy.has(env.name), checks: [{ component: "vpc", resource: env.name, ok: !unhealthy.has(env.name), detail: unhealthy.has(env.name) ? "VPC missing" : "present" }] }) as EnvironmentStatus,
  };
  let now = T0;
  const synth = (extra: Record<string, string | undefined> = {}) => {
    const { app } = createEnvironmentApp(settings.org, settings.specs, { app: { outdir: join(dir, "cdktf.out") }, lifecycleDirectory: join(dir, "terraform-state", "lifecycle"), releaseDirectory: join(dir, "terraform-state", "releases"), env: { GITHUB_ACTOR: "deployer", ...extra }, clock: () => now, policy: { clock: () => now } });
    app.synth();
  };
  const context = (env: Record<string, string>, out: { stdout: string; stderr: string }): CommandContext => ({ cwd: dir, now: () => now, stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), stdoutIsTty: false, env });
  return {
    dir,
    terraform,
    failing,
    unhealthy,
    git,
    synth,
    at: (date: Date) => (now = date),
    change: (next: Partial<typeof settings>) => (settings = { ...settings, ...next }),
    ledger: (env: string) => JSON.parse(readFileSync(join(dir, "terraform-state", "releases", `${env}.json`), "utf8")),
    stackJson: (stack: string) => JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8")),
    manifest: () => JSON.parse(readFileSync(join(dir, "cdktf.out", "envkit.manifest.json"), "utf8")),
    /** `envctl <args>` as `actor`. */
    async envctl(args: readonly string[], actor = "deployer") {
      const out = { stdout: "", stderr: "" };
      const ctx = context({ ...aws, GITHUB_ACTOR: actor }, out);
      let code: number = EXIT.ok;
      const [command, ...rest] = args;
      if (command === "up" || command === "down") {
        // The program's own parsing of the flags, with the recorders in place of Terraform and the AWS API.
        const program = buildProgram(ctx, () => undefined);
        const parsed = program.commands.find((c) => c.name() === command)!;
        parsed.exitOverride();
        parsed.action(async (names: string[], flags) => void (code = await (command === "up" ? runUp : runDown)(names, flags, ctx, deps)));
        await program.parseAsync([command, ...rest], { from: "user" }).catch(() => (code = EXIT.badInput));
      } else {
        const program = buildProgram(ctx, (c) => (code = c));
        await program.parseAsync([...args], { from: "user" }).catch(() => (code = EXIT.badInput));
      }
      return { code, ...out };
    },
  };
}

