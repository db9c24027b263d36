/**
 * Synthesizing a preview that the current `cdktf.out` does not hold (a plain
 * synth, without `ENV_PREVIEW`, leaves it out): the app of the project
 * (`cdktf.json`'s `app`) runs with `ENV_PREVIEW=<name>` into an output of its
 * own under `.envctl/synth/` (one per command, so that two commands never
 * share one), and reads the preview's expiry, range and owner from its
 * lifecycle record, as every synth does. Its stacks find the same state as in
 * `cdktf.out`. The command removes the output when it is done.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { EnvkitError, EnvkitInputError, EXIT } from "../../lib/core/errors";
import type { FileSystem } from "../../lib/core/fs";
import { parseJsonText } from "../../lib/core/json";
import { readSynthOutput, type SynthOutput } from "../manifest/output";
import { PREVIEW_VARIABLE } from "../../lib/lifecycle/previews";

/** Where envctl synthesizes previews, relative to the project root. */
export const PREVIEW_SYNTH_DIRECTORY = ".envctl/synth";

/** Runs the project's app for one preview into `outdir`. */
export type AppRunner = (preview: string, outdir: string) => Promise<void>;

/** The app command of `cdktf.json` in `cwd`, run by a shell as the cdktf CLI runs it. */
export function cdktfAppRunner(fs: FileSystem, cwd: string, env: NodeJS.ProcessEnv = process.env): AppRunner {
  return (preview, outdir) => runProjectApp(fs, cwd, env, outdir, { [PREVIEW_VARIABLE]: preview }, `preview ${preview} from its record (${PREVIEW_VARIABLE}=${preview})`);
}

/**
 * Runs the app of `cdktf.json` in `cwd` into `outdir` (as `cdktf synth` does),
 * with `extra` over `env`; `what` names the synth in errors.
 */
export async function runProjectApp(fs: FileSystem, cwd: string, env: NodeJS.ProcessEnv, outdir: string, extra: NodeJS.ProcessEnv, what: string): Promise<void> {
  const config = resolve(cwd, "cdktf.json");
  if (!fs.existsSync(config)) throw new EnvkitInputError(`cannot synthesize ${what}: no cdktf.json in ${cwd} to say how the app runs. Run envctl in the app's directory.`);
  const app = (parseJsonText(fs.readFileSync(config, "utf8"), "cdktf.json", "cdktf's configuration") as { app?: unknown }).app;
  if (typeof app !== "string" || app.trim() === "") throw new EnvkitInputError(`cannot synthesize ${what}: cdktf.json has no "app" command.`);
  const result = await run(app, cwd, { ...env, ...extra, CDKTF_OUTDIR: outdir });
  if (result.code !== 0) throw new EnvkitError(`synthesizing ${what} (${app}) failed with exit ${result.code}:\n${result.stderr.trim().split("\n").slice(-12).join("\n")}`, EXIT.findings);
}

/** A preview synthesized from its record, and how to remove its output. */
export interface SynthesizedPreview {
  readonly output: SynthOutput;
  /** Removes the output (its Terraform working files included). */
  remove(): void;
}

/**
 * Synthesizes `preview` into a new directory under `.envctl/synth/` with
 * `runApp` and returns that output; fails when the app did not write it (an
 * app that ignores `CDKTF_OUTDIR`) or left the preview out.
 */
export async function synthesizePreview(preview: string, fs: FileSystem, cwd: string, runApp: AppRunner): Promise<SynthesizedPreview> {
  const outdir = join(PREVIEW_SYNTH_DIRECTORY, `${preview}-${randomBytes(4).toString("hex")}`);
  const remove = () => rmSync(resolve(cwd, outdir), { recursive: true, force: true });
  try {
    fs.mkdirSync(resolve(cwd, outdir, ".."), { recursive: true });
    await runApp(preview, resolve(cwd, outdir));
    const output = readSynthOutput(fs, cwd, outdir);
    if (!output.manifest?.environments.some((e) => e.name === preview)) {
      throw new EnvkitError(
        `the app ran with ${PREVIEW_VARIABLE}=${preview} but wrote no preview ${preview} into ${outdir}: the app must pass its previews template to createEnvironmentApp and leave the output directory to cdktf (CDKTF_OUTDIR).`,
        EXIT.findings
      );
    }
    return { output, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, { cwd, env, shell: true, stdio: ["ignore", "ignore", "pipe"] });
    const err: Buffer[] = [];
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, stderr: Buffer.concat(err).toString("utf8") }));
  });
}
