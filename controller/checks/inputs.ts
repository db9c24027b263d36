/**
 * The inputs of a policy check: one Terraform JSON file (configuration, plan
 * or state), or a synthesized cdktf output judged as its synth judged it.
 * Nothing is judged that was not read, and nothing read goes unjudged without
 * saying so: an empty file, a file with no resources, module calls whose
 * resources live elsewhere, a stack directory the manifest does not name.
 */
import { basename, dirname, resolve } from "node:path";
import { EnvkitInputError } from "../../lib/core/errors";
import type { FileSystem } from "../../lib/core/fs";
import type { Tier } from "../../lib/core/profile";
import { ENVIRONMENT_MANIFEST_FILE } from "../../stacks/app/manifest";
import { displayPath, readSynthOutput, type SynthOutput } from "../manifest/output";
import type { Finding, RuleSelector } from "../../policies/engine";
import { readTerraformJsonText } from "../../policies/json-reader";
import { loadTerraform } from "../../policies/loaders";
import type { StackModel } from "../../policies/model";
import { policyFromData } from "../../policies/packs";
import { filesTerraformLoads, readDirectoryConfig } from "./directory-config";
import { DEFAULT_MAX_WAIVER_DAYS } from "../../policies/waiver-match";

/** Largest input file read, by default: a larger one is refused, never half-read. */
export const DEFAULT_MAX_INPUT_MIB = 64;

/** What a check judges, and with which rules. */
export interface CheckInputs {
  readonly stacks: StackModel[];
  /** The rules of each stack: its synth's policy from the manifest, else the one given. */
  readonly selector: RuleSelector;
  /** Findings of custom rules recorded at synth. */
  readonly extraFindings: Finding[];
  /** What the reader of the report must know about what was (not) read. */
  readonly notes: string[];
  /** Absolute paths of every file read, so that no output overwrites one. */
  readonly files: string[];
  /** The longest a waiver may run from now: the strictest of the policies the stacks were synthesized with. */
  readonly maxWaiverDays: number;
}

/** Where and how to read. */
export interface ReadOptions {
  readonly fs: FileSystem;
  /** Working directory; paths are relative to it. */
  readonly cwd: string;
  readonly now: Date;
  /** The tier to judge by; undefined reads each stack's. */
  readonly tier?: Tier;
  /** True when the tier is what the user asked for (--tier): a stack that records another tier is then refused. */
  readonly tierRequested?: boolean;
  /** @default 64 */
  readonly maxInputMiB?: number;
}

/** One configuration JSON, plan or state; named after its stack directory (`cdk.tf.json`) or itself. */
export function readOneFile(path: string, stackName: string | undefined, policy: RuleSelector, options: ReadOptions): CheckInputs {
  const absolute = resolve(options.cwd, path);
  const name = stackName ?? defaultStackName(absolute);
  const model = loadFile(absolute, name, `--file ${displayPath(options.cwd, path)}`, options);
  return { stacks: [model], selector: policy, extraFindings: [], notes: notesFor([model]), files: [absolute], maxWaiverDays: (policy as { maxWaiverDays?: number }).maxWaiverDays ?? DEFAULT_MAX_WAIVER_DAYS };
}

/** The stacks of a synthesized output, each with the policy, tier and custom-rule findings its synth recorded; `read` is the output when the caller has read it already. */
export function readOutputDir(dir: string, only: string | undefined, fallback: RuleSelector, options: ReadOptions, read?: SynthOutput): CheckInputs {
  const output = read ?? readSynthOutput(options.fs, options.cwd, dir);
  const shownDir = displayPath(options.cwd, dir);
  if (output.stacks.length === 0) throw new EnvkitInputError(`${shownDir}: manifest.json lists no stacks, so there is nothing to judge. Run \`cdktf synth\`.`);
  if (only !== undefined && !output.stacks.some((s) => s.name === only)) {
    throw new EnvkitInputError(`--stack ${JSON.stringify(only)}: no such stack in ${shownDir}. Stacks found: ${output.stacks.map((s) => s.name).join(", ")}.`);
  }
  const policies = new Map<string, RuleSelector>();
  const extraFiles: string[] = [];
  const readAlso: string[] = [];
  const extraFindings: Finding[] = [];
  const customRules = new Set<string>();
  const stacks = output.stacks
    .filter((s) => only === undefined || s.name === only)
    .map((s) => {
      if (s.entry) {
        policies.set(s.name, policyFromData(s.entry.policy));
        s.entry.policy.customRules.forEach((id) => customRules.add(id));
        extraFindings.push(...(s.entry.synthFindings as Finding[]));
      }
      // Whether --tier or the environment manifest names it, a tier must agree with the one the stack's own resources record.
      const tier = options.tier ?? s.environment?.tier;
      const stackOptions = { ...options, tier, tierRequested: tier !== undefined };
      // Terraform loads every configuration file of the stack's directory, not only cdk.tf.json: so does the check.
      const directory = dirname(s.path);
      const loaded = options.fs.existsSync(directory) ? filesTerraformLoads(options.fs, directory).filter((f) => f !== basename(s.path)) : [];
      if (loaded.length === 0) return loadFile(s.path, s.name, `stack ${s.name}`, stackOptions);
      const config = readDirectoryConfig(
        options.fs,
        directory,
        s.path,
        (path) => readBounded(options.fs, path, `stack ${s.name}: ${displayPath(options.cwd, path)}`, options.maxInputMiB ?? DEFAULT_MAX_INPUT_MIB),
        (path) => displayPath(options.cwd, path)
      );
      extraFiles.push(...config.files.slice(1));
      readAlso.push(
        `stack ${s.name}: Terraform also loads ${config.files
          .slice(1)
          .map((f) => basename(f))
          .join(", ")} from its directory; they were read and merged as Terraform merges them (overrides last).`
      );
      return loadDocument(config.document, s.name, `stack ${s.name}`, displayPath(options.cwd, s.path), stackOptions);
    });
  const notes = [...notesFor(stacks), ...readAlso];
  if (!output.manifest) notes.push(`${shownDir} has no ${ENVIRONMENT_MANIFEST_FILE} (the app did not synthesize with createEnvironmentApp or synthesizeAll): stacks were judged by the built-in packs and their tier tags.`);
  if (customRules.size > 0) notes.push(`custom rule(s) ${[...customRules].join(", ")} are code that ran at synth only; their findings are those the synth recorded in ${ENVIRONMENT_MANIFEST_FILE}.`);
  const selector: RuleSelector = { rulesFor: (tier, stack) => (stack !== undefined ? policies.get(stack) : undefined)?.rulesFor(tier) ?? fallback.rulesFor(tier) };
  const files = [...stacks.map((s) => resolve(options.cwd, s.file ?? "")), ...extraFiles, resolve(output.dir, "manifest.json"), resolve(output.dir, ENVIRONMENT_MANIFEST_FILE)];
  // The strictest cap on waivers of the policies that synthesized the stacks.
  const maxWaiverDays = Math.min(...[...policies.values()].map((p) => (p as { maxWaiverDays?: number }).maxWaiverDays ?? DEFAULT_MAX_WAIVER_DAYS), DEFAULT_MAX_WAIVER_DAYS);
  return { stacks, selector, extraFindings, notes, files, maxWaiverDays };
}

/** Reads and loads one file, refusing what is too large, empty, not JSON, or holds no resources. */
function loadFile(absolute: string, stackName: string, label: string, options: ReadOptions): StackModel {
  const shown = displayPath(options.cwd, absolute);
  const text = readBounded(options.fs, absolute, label, options.maxInputMiB ?? DEFAULT_MAX_INPUT_MIB);
  if (text.trim() === "") throw new EnvkitInputError(`${label}: the file is empty, so there is nothing to judge. Pass Terraform configuration JSON or \`terraform show -json\` output.`);
  return loadDocument(readTerraformJsonText(text, shown), stackName, label, shown, options);
}

/** Terraform's files of a stack directory besides cdk.tf.json: configuration, overrides, variable values (HCL ones are refused when read). */

/** Loads a parsed document, refusing one that holds no resources. */
function loadDocument(document: unknown, stackName: string, label: string, shown: string, options: ReadOptions): StackModel {
  const model = loadTerraform(document, { stackName, now: options.now, file: shown, ...(options.tier ? { tier: options.tier, tierRequested: options.tierRequested === true } : {}) });
  if (model.resources.length === 0) {
    throw new EnvkitInputError(
      `${label}: read ${model.dataSources.length} data source(s) and no resource from ${shown}, so nothing would be judged; it is refused rather than reported as passed. ` +
        (model.unreadModules.length > 0 ? `Its resources are in modules (${model.unreadModules.join(", ")}): check a plan instead (\`terraform show -json plan.out\`).` : "Check the file that declares the resources.")
    );
  }
  return model;
}

/** Reads a text file of at most `maxMiB`; a larger one is refused with its size and the limit. */
export function readBounded(fs: FileSystem, absolute: string, label: string, maxMiB: number): string {
  let size: number;
  try {
    const stat = fs.statSync(absolute);
    if (stat.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new EnvkitInputError(`${label}: cannot read it (${why}). Pass a readable JSON file.`);
  }
  if (size > maxMiB * 1024 * 1024) {
    throw new EnvkitInputError(
      `${label}: the file is ${(size / 1024 / 1024).toFixed(0)} MiB; envctl reads files of at most ${maxMiB} MiB, so that a check runs in bounded memory. Split the plan by module or stack, or raise the limit with --max-input-mb.`
    );
  }
  try {
    return fs.readFileSync(absolute, "utf8");
  } catch (error) {
    throw new EnvkitInputError(`${label}: cannot read it (${(error as Error).message}). Pass a readable JSON file.`);
  }
}

function notesFor(stacks: readonly StackModel[]): string[] {
  return stacks
    .filter((s) => s.unreadModules.length > 0)
    .map((s) => `${s.file ?? s.name} calls module(s) ${s.unreadModules.join(", ")}, whose resources are in other files and were not judged; check a plan (\`terraform show -json plan.out\`) to judge them.`);
}

/** `cdktf.out/stacks/<name>/cdk.tf.json` is stack `<name>`; any other file is named after itself. */
function defaultStackName(path: string): string {
  const file = basename(path);
  return file === "cdk.tf.json" ? basename(dirname(path)) : file.replace(/(\.tf)?\.json$/, "");
}
