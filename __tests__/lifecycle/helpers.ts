import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEnvironmentApp, type EnvironmentAppOptions } from "../../stacks/app";
import { main } from "../../controller/cli/main";
import type { CommandContext } from "../../controller/cli/io";
import type { EnvironmentSpec } from "../../lib/environments/types";
import type { PreviewTemplate } from "../../lib/lifecycle/previews";
import { ORG, specFor } from "../helpers/fixtures";

/** What previews of the test organization share. */
export const TEMPLATE: PreviewTemplate = { account: "555555555555", availabilityZones: ["eu-west-1a", "eu-west-1b"] };

/** The declared environments of the test projects: dev and prod, persistent. */
export const DECLARED: readonly EnvironmentSpec[] = [specFor("dev"), specFor("prod")];

/**
 * A scratch project: synthesizes an app of `DECLARED` (plus the preview that
 * ENV_PREVIEW names) into its own cdktf.out with its own lifecycle records,
 * and runs envctl there, capturing what it prints.
 */
export function lifecycleProject() {
  const dir = mkdtempSync(join(tmpdir(), "envkit-lifecycle-"));
  const lifecycleDirectory = join(dir, "terraform-state", "lifecycle");
  let stdout = "";
  let stderr = "";
  const context = (now: Date): CommandContext => ({ cwd: dir, now: () => now, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdoutIsTty: false, env: {} });
  return {
    dir,
    lifecycleDirectory,
    /** Synthesizes at `now` with the environment variables `env`. */
    synth(now: Date, env: Record<string, string> = {}, specs: readonly EnvironmentSpec[] = DECLARED, options: Partial<EnvironmentAppOptions> = {}) {
      const { app, stacks } = createEnvironmentApp(ORG, specs, { app: { outdir: join(dir, "cdktf.out") }, previews: TEMPLATE, lifecycleDirectory, env, clock: () => new Date(now), policy: { clock: () => now }, ...options });
      app.synth();
      return stacks;
    },
    /** Runs `envctl <args>` at `now`. */
    async envctl(args: readonly string[], now: Date) {
      stdout = "";
      stderr = "";
      const code = await main(["--help"].includes(args[0]) ? args : [...args], context(now));
      return { code, stdout, stderr };
    },
    /** The synthesized JSON of a stack. */
    stackJson(stack: string): Record<string, any> {
      return JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", stack, "cdk.tf.json"), "utf8"));
    },
    /** The environment manifest. */
    manifest(): { environments: Array<Record<string, any>> } {
      return JSON.parse(readFileSync(join(dir, "cdktf.out", "envkit.manifest.json"), "utf8"));
    },
    record(name: string): Record<string, string> {
      return JSON.parse(readFileSync(join(lifecycleDirectory, `${name}.json`), "utf8"));
    },
  };
}

/** The tags a stack's provider puts on every resource. */
export const defaultTags = (json: Record<string, any>): Record<string, string> => json.provider.aws[0].default_tags[0].tags;
