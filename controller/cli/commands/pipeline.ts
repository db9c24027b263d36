/**
 * `envctl pipeline github` and `envctl pipeline flux`: write what GitHub
 * Actions and Flux's Terraform controller run, generated from the
 * environment manifest. Everything is generated before anything is
 * written; a file in the way that envctl did not generate is refused (unless
 * --force), and a workflow envctl generated before but no longer generates
 * (previews removed from the app) is removed. Exit codes: 0 written (or
 * already up to date), 2 bad input, nothing written.
 */
import { dirname, join, relative, resolve } from "node:path";
import { EnvkitInputError, EXIT } from "../../../lib/core/errors";
import { parseJsonText } from "../../../lib/core/json";
import { fileFault, writeFileAtomic, type FileSystem } from "../../../lib/core/fs";
import { fluxResources } from "../../pipeline/flux";
import { generatedMark, type GeneratedFile } from "../../pipeline/generated";
import { coreOfApp, githubWorkflows } from "../../pipeline/github";
import { CommandContext, NODE_FS } from "../io";
import { commandBody, loadEnvironments } from "./shared";
import type { CoreName } from "../../../lib/core/flavour";

/** Flags of `envctl pipeline github` and `envctl pipeline flux`. */
export interface PipelineFlags {
  /** @default "cdktf.out" */
  readonly dir?: string;
  /** @default ".github/workflows" (github), "flux" (flux) */
  readonly out?: string;
  /** @default "main" */
  readonly branch?: string;
  /** The OCI repository the stacks are pushed to (flux). */
  readonly source?: string;
  /** @default "flux-system" */
  readonly namespace?: string;
  readonly force?: boolean;
}

/** The generated files below `out` that carry `mark`: what an earlier run of the same command wrote. */
function generatedBelow(fs: FileSystem, out: string, mark: string, depth: number): string[] {
  if (!fs.existsSync(out)) return [];
  const found: string[] = [];
  const walk = (dir: string, prefix: string, level: number) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (fs.statSync(path).isDirectory()) {
        if (level < depth) walk(path, `${prefix}${name}/`, level + 1);
      } else if (/\.ya?ml$/.test(name) && isGenerated(fs, path, mark)) found.push(`${prefix}${name}`);
    }
  };
  walk(out, "", 0);
  return found;
}

const isGenerated = (fs: FileSystem, path: string, mark: string) =>
  fs.existsSync(path) &&
  fs
    .readFileSync(path, "utf8")
    .split("\n", 3)
    .some((l) => l.startsWith(mark));

/**
 * Writes `files` below `out`: everything was generated before this is
 * called; a file in the way that the command did not write is refused
 * (unless --force); what it wrote before and no longer generates is removed.
 */
function writeGenerated(command: string, files: readonly GeneratedFile[], out: string, depth: number, flags: PipelineFlags, context: CommandContext): void {
  const fs = context.fs ?? NODE_FS;
  const mark = generatedMark(command);
  const inTheWay = files.filter((f) => fs.existsSync(join(out, f.name)) && !isGenerated(fs, join(out, f.name), mark));
  if (inTheWay.length > 0 && !flags.force)
    throw new EnvkitInputError(`${inTheWay.map((f) => join(out, f.name)).join(", ")}: not written by envctl pipeline ${command}; move ${inTheWay.length === 1 ? "it" : "them"} aside or pass --force. Nothing was written.`);
  const stale = generatedBelow(fs, out, mark, depth).filter((name) => !files.some((f) => f.name === name));
  const changed = files.filter((f) => !fs.existsSync(join(out, f.name)) || fs.readFileSync(join(out, f.name), "utf8") !== f.text);
  fileFault(out, `write the ${command} pipeline`, () => {
    for (const file of changed) {
      const dir = dirname(join(out, file.name));
      if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
      writeFileAtomic(fs, join(out, file.name), file.text);
    }
    for (const name of stale) fs.unlinkSync(join(out, name));
  });
  const shown = relative(context.cwd, out) || ".";
  for (const file of files) context.stdout(`${changed.includes(file) ? "wrote    " : "unchanged"} ${join(shown, file.name)}\n`);
  for (const name of stale) context.stdout(`removed   ${join(shown, name)} (no longer generated)\n`);
}

/** The core the app in the working directory depends on (its package.json), which the workflows synthesize with. */
function appCore(context: CommandContext): CoreName {
  const fs = context.fs ?? NODE_FS;
  const file = join(context.cwd, "package.json");
  if (!fs.existsSync(file)) return "cdktf";
  return coreOfApp(parseJsonText(fs.readFileSync(file, "utf8"), file, "the app's package.json"));
}

const manifestPathOf = (context: CommandContext, dir: string) => relative(context.cwd, resolve(context.cwd, dir)) || ".";

/** Runs `envctl pipeline github`. */
export function runPipelineGithub(flags: PipelineFlags, context: CommandContext): Promise<number> {
  return commandBody("pipeline github", context, () => {
    const dir = flags.dir ?? "cdktf.out";
    const branch = flags.branch ?? "main";
    if (!/^[A-Za-z0-9._/-]{1,255}$/.test(branch) || branch.includes("..")) throw new EnvkitInputError(`--branch ${JSON.stringify(branch)} is not a branch name (letters, digits, . _ - and /).`);
    const { manifest } = loadEnvironments(context, { dir });
    const files = githubWorkflows(manifest, { branch, manifestPath: manifestPathOf(context, dir), core: appCore(context) });
    writeGenerated("github", files, resolve(context.cwd, flags.out ?? join(".github", "workflows")), 0, flags, context);
    return EXIT.ok;
  });
}

/** Runs `envctl pipeline flux`. */
export function runPipelineFlux(flags: PipelineFlags, context: CommandContext): Promise<number> {
  return commandBody("pipeline flux", context, () => {
    const dir = flags.dir ?? "cdktf.out";
    const { manifest } = loadEnvironments(context, { dir });
    const files = fluxResources(manifest, { source: flags.source ?? "", namespace: flags.namespace, manifestPath: manifestPathOf(context, dir) });
    writeGenerated("flux", files, resolve(context.cwd, flags.out ?? "flux"), 1, flags, context);
    return EXIT.ok;
  });
}
