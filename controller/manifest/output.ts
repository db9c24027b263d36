/**
 * Reading a synthesized cdktf output directory: cdktf's `manifest.json` (the
 * stacks and their files) and, when the app used this library, the
 * environment manifest beside it. Every stack directory must be one the
 * manifest names: nothing in the directory goes unread without saying so.
 */
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { EnvkitInputError } from "../../lib/core/errors";
import type { FileSystem } from "../../lib/core/fs";
import { parseJsonText } from "../../lib/core/json";
import { ENVIRONMENT_MANIFEST_FILE, findManifestStack, type EnvironmentManifest, type ManifestEnvironment, type ManifestStack } from "../../stacks/app/manifest";
import { parseEnvironmentManifest } from "./read-manifest";

/** One stack of a synthesized output. */
export interface OutputStack {
  readonly name: string;
  /** Absolute path of its Terraform JSON. */
  readonly path: string;
  /** Its environment and entry in the environment manifest, when there is one. */
  readonly environment?: ManifestEnvironment;
  readonly entry?: ManifestStack;
}

/** A synthesized output directory. */
export interface SynthOutput {
  /** Absolute path of the directory. */
  readonly dir: string;
  readonly stacks: readonly OutputStack[];
  /** The environment manifest; absent when the app did not use this library's app. */
  readonly manifest?: EnvironmentManifest;
}

/**
 * Reads the output directory `dir` (relative to `cwd`). Refuses a directory
 * that is missing, has no cdktf `manifest.json`, or holds stack directories
 * the manifest does not name; names the file and what to do in every case.
 */
export function readSynthOutput(fs: FileSystem, cwd: string, dir: string): SynthOutput {
  const root = resolve(cwd, dir);
  const shown = displayPath(cwd, root);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new EnvkitInputError(`${shown}: no such directory. Run \`cdktf synth\` first, or pass --dir <cdktf output directory>.`);
  }
  const cdktfManifestPath = join(root, "manifest.json");
  if (!fs.existsSync(cdktfManifestPath)) {
    throw new EnvkitInputError(`${shown}: no manifest.json, so this is not a complete cdktf output (a synth that failed or never ran). Run \`cdktf synth\`.`);
  }
  const cdktfManifest = parseJsonText(fs.readFileSync(cdktfManifestPath, "utf8"), displayPath(cwd, cdktfManifestPath), "cdktf's manifest.json");
  const entries = (cdktfManifest as { stacks?: unknown } | null)?.stacks;
  if (entries === null || typeof entries !== "object" || Array.isArray(entries)) {
    throw new EnvkitInputError(`${displayPath(cwd, cdktfManifestPath)}: expected {"stacks": {"<name>": {"synthesizedStackPath": "stacks/<name>/cdk.tf.json"}}}; found no "stacks" object. Re-run \`cdktf synth\`.`);
  }
  const environmentManifestPath = join(root, ENVIRONMENT_MANIFEST_FILE);
  const manifest = fs.existsSync(environmentManifestPath)
    ? parseEnvironmentManifest(parseJsonText(fs.readFileSync(environmentManifestPath, "utf8"), displayPath(cwd, environmentManifestPath), "an environment manifest"), displayPath(cwd, environmentManifestPath))
    : undefined;

  const stacks: OutputStack[] = [];
  for (const [name, entry] of Object.entries(entries as Record<string, { synthesizedStackPath?: unknown }>)) {
    const file = typeof entry?.synthesizedStackPath === "string" ? entry.synthesizedStackPath : join("stacks", name, "cdk.tf.json");
    const path = isAbsolute(file) ? file : join(root, file);
    const found = manifest ? findManifestStack(manifest, name) : undefined;
    stacks.push({ name, path, ...(found ? { environment: found.environment, entry: found.stack } : {}) });
  }
  const named = new Set(stacks.map((s) => s.name));
  const stacksDir = join(root, "stacks");
  const unnamed = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).filter((d) => !named.has(d) && fs.existsSync(join(stacksDir, d, "cdk.tf.json"))) : [];
  if (unnamed.length > 0) {
    throw new EnvkitInputError(
      `${shown}: stack director${unnamed.length === 1 ? "y" : "ies"} ${unnamed.map((d) => `stacks/${d}`).join(", ")} ${unnamed.length === 1 ? "is" : "are"} not in manifest.json, so ${
        unnamed.length === 1 ? "it" : "they"
      } would go unchecked. Re-run \`cdktf synth\` (it removes stacks the app no longer has), or check one with --file.`
    );
  }
  if (manifest) {
    const missing = manifest.environments.flatMap((e) => e.stacks.map((s) => s.name)).filter((s) => !named.has(s));
    if (missing.length > 0) throw new EnvkitInputError(`${shown}: ${ENVIRONMENT_MANIFEST_FILE} names stack(s) ${missing.join(", ")} that manifest.json does not; the output is inconsistent. Re-run \`cdktf synth\`.`);
  }
  return { dir: root, stacks, ...(manifest ? { manifest } : {}) };
}

/** A path as a user would type it: relative to `cwd` when inside it. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, resolve(cwd, path));
  return rel === "" ? "." : rel.startsWith("..") ? resolve(cwd, path) : rel;
}

/** The directory Terraform runs in for `stack` (where its cdk.tf.json is); an error when the output has no such stack. */
export function stackDirectory(output: SynthOutput, stack: string): string {
  const found = output.stacks.find((s) => s.name === stack);
  if (!found) throw new EnvkitInputError(`stack ${stack} is not in ${output.dir}; run \`cdktf synth\` first.`);
  return dirname(found.path);
}
