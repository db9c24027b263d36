/**
 * The configuration Terraform loads from a stack's directory, not only its
 * `cdk.tf.json`: every `*.tf.json` file, merged, then the override files
 * (`override.tf.json`, `*_override.tf.json`, in name order) applied with
 * Terraform's override semantics: an override block's arguments replace the
 * original's, one by one, and a nested block replaces every block of its type.
 * A file Terraform would read that this reader cannot (HCL: `*.tf`,
 * `*.tfvars`) is refused, naming it: nothing loaded is left unjudged.
 */
import { join } from "node:path";
import { EnvkitInputError } from "../../lib/core/errors";
import type { FileSystem } from "../../lib/core/fs";
import { entriesOf, readTerraformJsonText } from "../../policies/json-reader";

/** A stack directory's configuration, as one Terraform JSON document, and the files it came from. */
export interface DirectoryConfig {
  readonly document: Record<string, unknown>;
  /** Every file read, the primary one first. */
  readonly files: readonly string[];
}

/** Block types whose entries are keyed by type and name (`resource.aws_s3_bucket.logs`). */
const TWO_LABELS = new Set(["resource", "data"]);
/** Block types keyed by name (`variable.region`). */
const ONE_LABEL = new Set(["variable", "output", "module", "locals"]);

/** Files Terraform skips: hidden ones, editor backups (`~`) and Emacs autosaves (`#...#`). */
const IGNORED = (file: string) => file.startsWith(".") || file.endsWith("~") || (file.startsWith("#") && file.endsWith("#"));
/** Whether Terraform loads a file of this name from a root module's directory: configuration, HCL or JSON, and the variable files it reads by itself. */
export function terraformLoads(file: string): boolean {
  return !IGNORED(file) && (/\.tf(\.json)?$/.test(file) || /^terraform\.tfvars(\.json)?$/.test(file) || /\.auto\.tfvars(\.json)?$/.test(file));
}

/** The files of `directory` Terraform loads, sorted; a directory named like one is skipped, as Terraform skips it (an entry that cannot be examined is kept, for its read to fail clearly). */
export function filesTerraformLoads(fs: FileSystem, directory: string): string[] {
  const isDirectory = (name: string) => {
    try {
      return fs.statSync(join(directory, name)).isDirectory();
    } catch {
      return false;
    }
  };
  return fs
    .readdirSync(directory)
    .filter((f) => terraformLoads(f) && !isDirectory(f))
    .sort();
}

const isOverride = (file: string) => /^(override|.+_override)\.tf\.json$/.test(file);
const isConfiguration = (file: string) => file.endsWith(".tf.json");
/** What Terraform reads from a directory that is not JSON configuration. */
const UNREADABLE = (file: string) => /\.tf$/.test(file) || /^terraform\.tfvars$/.test(file) || /\.auto\.tfvars$/.test(file);
const VARIABLE_FILES = (file: string) => /^terraform\.tfvars\.json$/.test(file) || /\.auto\.tfvars\.json$/.test(file);

/**
 * Reads `primary` (the stack's `cdk.tf.json`) and every other file Terraform
 * would load from its directory. `read` reads one file as text (bounded).
 */
export function readDirectoryConfig(fs: FileSystem, directory: string, primary: string, read: (path: string) => string, shown: (path: string) => string): DirectoryConfig {
  const names = filesTerraformLoads(fs, directory);
  const unreadable = names.filter(UNREADABLE);
  if (unreadable.length > 0) {
    throw new EnvkitInputError(
      `${shown(directory)}: Terraform would also load ${unreadable
        .map((f) => shown(join(directory, f)))
        .join(", ")}, which are HCL, and envctl reads Terraform's JSON syntax only; nothing was judged rather than judging part of what Terraform applies. Write them as .tf.json (or .tfvars.json), or move them out of the stack's directory.`
    );
  }
  const others = names.filter((f) => isConfiguration(f) && join(directory, f) !== primary && !isOverride(f));
  const overrides = names.filter(isOverride);
  // Terraform reads terraform.tfvars.json first, then the *.auto.tfvars.json files in name order; a later value wins.
  const variableFiles = names.filter(VARIABLE_FILES).sort((a, b) => Number(!a.startsWith("terraform.")) - Number(!b.startsWith("terraform.")) || (a < b ? -1 : a > b ? 1 : 0));
  const parse = (path: string) => readTerraformJsonText(read(path), shown(path));
  const base = flatten(parse(primary), shown(primary));
  for (const file of others) mergeInto(base, flatten(parse(join(directory, file)), shown(join(directory, file))));
  for (const file of overrides) applyOverride(base, flatten(parse(join(directory, file)), shown(join(directory, file))));
  // Variable files set variables' values: judged as their defaults would be (a value given is the value applied).
  for (const file of variableFiles) {
    const values = parse(join(directory, file));
    for (const [name, value] of entriesOf(values)) {
      const variable = base.blocks.get(`variable.${name}`);
      if (variable) base.blocks.set(`variable.${name}`, { ...variable, body: { ...asRecord(variable.body), default: value } });
    }
  }
  return { document: unflatten(base), files: [primary, ...others.map((f) => join(directory, f)), ...overrides.map((f) => join(directory, f)), ...variableFiles.map((f) => join(directory, f))] };
}

/** A configuration as blocks by address, each remembering the file that declared it. */
interface Flat {
  readonly blocks: Map<string, { readonly section: string; readonly labels: readonly string[]; body: unknown; readonly file: string }>;
  /** Blocks that may appear more than once (provider configurations, terraform settings), in order. */
  readonly repeatable: { readonly section: string; readonly labels: readonly string[]; body: unknown; readonly file: string }[];
  /** What Terraform ignores (`//` comments), kept from the primary file. */
  readonly comments: unknown[];
}

function flatten(document: unknown, file: string): Flat {
  const flat: Flat = { blocks: new Map(), repeatable: [], comments: [] };
  const each = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
  for (const [section, sectionValue] of entriesOf(document)) {
    if (section === "//") {
      flat.comments.push(sectionValue);
      continue;
    }
    for (const part of each(sectionValue)) {
      if (TWO_LABELS.has(section)) {
        for (const [type, byType] of entriesOf(part)) for (const typePart of each(byType)) for (const [name, body] of entriesOf(typePart)) for (const b of each(body)) declare(flat, section, [type, name], b, file);
      } else if (section === "locals") {
        for (const [name, value] of entriesOf(part)) declare(flat, section, [name], value, file);
      } else if (ONE_LABEL.has(section)) {
        for (const [name, body] of entriesOf(part)) for (const b of each(body)) declare(flat, section, [name], b, file);
      } else if (section === "provider") {
        for (const [name, body] of entriesOf(part)) for (const b of each(body)) flat.repeatable.push({ section, labels: [name], body: b, file });
      } else flat.repeatable.push({ section, labels: [], body: part, file });
    }
  }
  return flat;
}

function declare(flat: Flat, section: string, labels: readonly string[], body: unknown, file: string): void {
  const address = [section, ...labels].join(".");
  const known = flat.blocks.get(address);
  if (known) throw new EnvkitInputError(`${file}: ${labels.join(".")} is declared twice (${section}), as Terraform refuses; keep one.`);
  flat.blocks.set(address, { section, labels, body, file });
}

function mergeInto(base: Flat, other: Flat): void {
  for (const [address, block] of other.blocks) {
    const known = base.blocks.get(address);
    if (known) throw new EnvkitInputError(`${block.file}: ${block.labels.join(".")} is also declared in ${known.file} (${block.section}), which Terraform refuses; keep one, or make the second file an override (name it *_override.tf.json).`);
    base.blocks.set(address, block);
  }
  base.repeatable.push(...other.repeatable);
}

/** Terraform's override semantics: each argument of the override replaces the original's; a nested block replaces all of its type. */
function applyOverride(base: Flat, override: Flat): void {
  for (const [address, block] of override.blocks) {
    const known = base.blocks.get(address);
    if (!known) throw new EnvkitInputError(`${block.file}: the override names ${block.labels.join(".")} (${block.section}), which no configuration file declares; Terraform refuses an override of nothing.`);
    known.body = block.section === "locals" ? block.body : { ...asRecord(known.body), ...Object.fromEntries(entriesOf(block.body)) };
  }
  for (const block of override.repeatable) {
    const known = base.repeatable.find((b) => b.section === block.section && b.labels.join(".") === block.labels.join(".") && aliasOf(b.body) === aliasOf(block.body));
    if (known) known.body = { ...asRecord(known.body), ...Object.fromEntries(entriesOf(block.body)) };
    else base.repeatable.push(block);
  }
}

function unflatten(flat: Flat): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  const at = (path: readonly string[]) => path.reduce<Record<string, unknown>>((node, key) => (node[key] ??= {}) as Record<string, unknown>, document);
  for (const block of flat.blocks.values()) {
    const labels = block.labels;
    at([block.section, ...labels.slice(0, -1)])[labels[labels.length - 1]] = block.body;
  }
  for (const block of flat.repeatable) {
    if (block.section === "provider") {
      const providers = at(["provider"]);
      providers[block.labels[0]] = [...((providers[block.labels[0]] as unknown[]) ?? []), block.body];
    } else document[block.section] = [...(Array.isArray(document[block.section]) ? (document[block.section] as unknown[]) : []), block.body];
  }
  if (flat.comments.length > 0) document["//"] = flat.comments[0];
  return document;
}

const aliasOf = (body: unknown) => asRecord(body).alias ?? null;
const asRecord = (v: unknown): Record<string, unknown> => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
