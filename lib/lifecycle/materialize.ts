/**
 * Synthesizing a preview that the current `cdktf.out` does not hold (a plain
 * synth, without `ENV_PREVIEW`, leaves it out): the app of the project
 * (`cdktf.json`'s `app`) runs with `ENV_PREVIEW=<name>` into an output of its
 * own under `.envctl/synth/<name>/`, and reads the preview's expiry, range and
 * owner from its lifecycle record, as every synth does. Its stacks find the
 * same state as in `cdktf.out`.
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { EnvkitError, EnvkitInputError, EXIT } from "../core/errors";
import type { FileSystem } from "../core/fs";
import { parseJsonText } from "../core/json";
import { readSynthOutput, type SynthOutput } from "../manifest/output";
import { PREVIEW_VARIABLE } from "./previews";

/** Where envctl synthesizes previews, relative to the project root. */
export const PREVIEW_SYNTH_DIRECTORY = ".envctl/synth";

/** Runs the project's app for one preview into `outdir`. */
export type AppRunner = (preview: string, outdir: string) => Promise<void>;

/** The app command of `cdktf.json` in `cwd`, run by a shell as the cdktf CLI runs it. */
export function cdktfAppRunner(fs: FileSystem, cwd: string, env: NodeJS.ProcessEnv = process.env): AppRunner {
  return async (preview, outdir) => {
    const config = resolve(cwd, "cdktf.json");
    if (!fs.existsSync(config)) throw new EnvkitInputError(`cannot synthesize preview ${preview}: no cdktf.json in ${cwd} to say how the app runs. Run envctl in the app's directory.`);
    const app = (parseJsonText(fs.readFileSync(config, "utf8"), "cdktf.json", "cdktf's configuration") as { app?: unknown }).app;
    if (typeof app !== "string" || app.trim() === "") throw new EnvkitInputError(`cannot synthesize preview ${preview}: cdktf.json has no "app" command.`);
    const result = await run(app, cwd, { ...env, [PREVIEW_VARIABLE]: preview, CDKTF_OUTDIR: outdir });
    if (result.code !== 0) throw new EnvkitError(`synthesizing preview ${preview} from its record (${PREVIEW_VARIABLE}=${preview} ${app}) failed with exit ${result.code}:\n${result.stderr.trim().split("\n").slice(-12).join("\n")}`, EXIT.findings);
  };
}

/**
 * Synthesizes `preview` into `.envctl/synth/<name>/` with `runApp` and returns
 * that output; fails when the app did not write it (an app that ignores
 * `CDKTF_OUTDIR`) or left the preview out.
 */
export async function synthesizePreview(preview: string, fs: FileSystem, cwd: string, runApp: AppRunner): Promise<SynthOutput> {
  const outdir = join(PREVIEW_SYNTH_DIRECTORY, preview);
  fs.mkdirSync(resolve(cwd, outdir), { recursive: true });
  await runApp(preview, resolve(cwd, outdir));
  const output = readSynthOutput(fs, cwd, outdir);
  if (!output.manifest?.environments.some((e) => e.name === preview)) {
    throw new EnvkitError(`the app ran with ${PREVIEW_VARIABLE}=${preview} but ${outdir} holds no preview ${preview}: the app must pass its previews template to createEnvironmentApp and leave the output directory to cdktf (CDKTF_OUTDIR).`, EXIT.findings);
  }
  return output;
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
