/** What several envctl commands share: reading the manifest, the records and the states, and parsing flags. */
import { resolve } from "node:path";
import { EnvkitInputError, EXIT, isEnvkitError } from "../../../lib/core/errors";
import { TIERS, type Tier } from "../../../lib/core/profile";
import { isTier } from "../../../lib/core/tiers";
import { formatUtc, parseDurationHours, parseUtcInstant, DURATION_HINT, UTC_INSTANT_HINT } from "../../../lib/core/time";
import { estateOf, type DestroyedEntry, type EstateEntry } from "../../lifecycle/estate";
import { cdktfAppRunner, synthesizePreview, type AppRunner, type SynthesizedPreview } from "../../lifecycle/materialize";
import { lifecycleStore, type LifecycleRecord, type LifecycleStore } from "../../../lib/lifecycle/records";
import { readLocalStates, type LocalState } from "../../lifecycle/states";
import { ENVIRONMENT_MANIFEST_FILE, type EnvironmentManifest, type ManifestEnvironment } from "../../../stacks/app/manifest";
import { readSynthOutput, type SynthOutput } from "../../manifest/output";
import { CommandContext, NODE_FS } from "../io";

/** Flags every lifecycle command takes. */
export interface LifecycleFlags {
  /** @default "cdktf.out" */
  readonly dir?: string;
  /** @default "terraform-state/lifecycle" */
  readonly lifecycleDir?: string;
  readonly format?: string;
}

/** The synthesized output, its environment manifest (required) and the lifecycle records. */
export interface LoadedEnvironments {
  readonly output: SynthOutput;
  readonly manifest: EnvironmentManifest;
  readonly store: LifecycleStore;
}

/** Reads cdktf.out and the records; a missing output or manifest is bad input that says what to run. */
export function loadEnvironments(context: CommandContext, flags: LifecycleFlags): LoadedEnvironments {
  const fs = context.fs ?? NODE_FS;
  const dir = flags.dir ?? "cdktf.out";
  const output = readSynthOutput(fs, context.cwd, dir);
  if (!output.manifest) throw new EnvkitInputError(`${dir} has no environment manifest (envkit.manifest.json): synthesize the app with createEnvironmentApp (\`cdktf synth\`) first.`);
  return { output, manifest: output.manifest, store: lifecycleStore(fs, context.cwd, flags.lifecycleDir) };
}

/** The environment manifest in `dir` when an app was synthesized there, else undefined (a damaged one is still an error). */
export function manifestIfSynthesized(context: CommandContext, dir: string): EnvironmentManifest | undefined {
  const fs = context.fs ?? NODE_FS;
  return fs.existsSync(resolve(context.cwd, dir, ENVIRONMENT_MANIFEST_FILE)) ? readSynthOutput(fs, context.cwd, dir).manifest : undefined;
}

/** The estate: cdktf.out (when there is one), the lifecycle records (live and destroyed) and the local states. */
export interface LoadedEstate {
  readonly output?: SynthOutput;
  readonly manifest?: EnvironmentManifest;
  readonly store: LifecycleStore;
  readonly records: ReadonlyMap<string, LifecycleRecord>;
  readonly states: ReadonlyMap<string, LocalState>;
  readonly live: readonly EstateEntry[];
  readonly destroyed: readonly DestroyedEntry[];
}

/**
 * Reads the estate at `now`. Without `requireOutput`, a missing cdktf.out is
 * not an error: what the records and states say is still listed.
 */
export function loadEstate(context: CommandContext, flags: LifecycleFlags, now: Date, requireOutput = true): LoadedEstate {
  const fs = context.fs ?? NODE_FS;
  const dir = flags.dir ?? "cdktf.out";
  let output: SynthOutput | undefined;
  if (requireOutput || fs.existsSync(resolve(context.cwd, dir))) output = loadEnvironments(context, flags).output;
  const manifest = output?.manifest;
  const store = lifecycleStore(fs, context.cwd, flags.lifecycleDir);
  const records = store.readAll();
  const destroyed = store.readDestroyed();
  const directories = ["terraform-state", ...(manifest?.environments ?? []).flatMap((e) => (e.backend.type === "local" ? [(e.backend as { directory?: string }).directory ?? "terraform-state"] : []))];
  const states = readLocalStates(fs, context.cwd, directories);
  return { output, manifest, store, records, states, ...estateOf({ manifest, records, destroyed, states }, now) };
}

/** The live environments of the estate named (all when none is); unknown names are bad input, all listed. */
export function pickEstate(estate: LoadedEstate, names: readonly string[]): EstateEntry[] {
  const matches = (e: EstateEntry, n: string) => e.name === n || `env-${e.name}` === n;
  const unknown = names.filter((n) => !estate.live.some((e) => matches(e, n)));
  if (unknown.length > 0) {
    const gone = unknown.filter((n) => estate.destroyed.some((d) => d.name === n || `env-${d.name}` === n));
    const why = gone.length > 0 ? ` (${gone.join(", ")} ${gone.length === 1 ? "was" : "were"} destroyed: envctl list shows when and by whom)` : "";
    throw new EnvkitInputError(`unknown environment${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}${why}. Environments: ${estate.live.map((e) => e.name).join(", ")}.`);
  }
  return names.length === 0 ? [...estate.live] : estate.live.filter((e) => names.some((n) => matches(e, n)));
}

/** An environment of the estate with its synthesized stacks: from cdktf.out, or synthesized from its record. */
export interface SynthesizedEnvironment {
  readonly environment: ManifestEnvironment;
  /** The output that holds its stacks. */
  readonly output: SynthOutput;
}

/**
 * The synthesized form of each entry: cdktf.out's for those it holds, a synth
 * from the record for a preview it leaves out; an environment known from its
 * state alone has no code to synthesize, and is returned with the reason.
 */
export async function synthesizedEnvironments(
  entries: readonly EstateEntry[],
  estate: LoadedEstate,
  context: CommandContext,
  runApp?: AppRunner
): Promise<{ synthesized: Map<string, SynthesizedEnvironment>; unavailable: { name: string; reason: string }[]; dispose: () => void }> {
  const fs = context.fs ?? NODE_FS;
  const synthesized = new Map<string, SynthesizedEnvironment>();
  const unavailable: { name: string; reason: string }[] = [];
  const outputs: SynthesizedPreview[] = [];
  const dispose = () => outputs.forEach((o) => o.remove());
  const run = runApp ?? cdktfAppRunner(fs, context.cwd, { ...process.env, ...context.env });
  for (const entry of entries) {
    const inOutput = estate.manifest?.environments.find((e) => e.name === entry.name);
    if (inOutput && estate.output) synthesized.set(entry.name, { environment: inOutput, output: estate.output });
    else if (entry.knownFrom === "record") {
      const preview = await synthesizePreview(entry.name, fs, context.cwd, run).catch((error: unknown) => {
        dispose();
        throw error;
      });
      outputs.push(preview);
      synthesized.set(entry.name, { environment: preview.output.manifest?.environments.find((e) => e.name === entry.name) as ManifestEnvironment, output: preview.output });
    } else
      unavailable.push({
        name: entry.name,
        reason: `environment ${entry.name} is known from its state alone (${entry.backend.replace(
          /^local /,
          ""
        )}): it is neither in the app nor recorded as a preview, so there is no configuration to compare it with. Restore its spec, or destroy it with Terraform.`,
      });
  }
  return { synthesized, unavailable, dispose };
}

/**
 * Whether a stack of `env` has been deployed: its local state exists and
 * holds resources. Undefined for a remote state, which only Terraform can read.
 */
export function stackDeployed(context: CommandContext, env: ManifestEnvironment, stack: string): boolean | undefined {
  if (env.backend.type !== "local") return undefined;
  const fs = context.fs ?? NODE_FS;
  const path = resolve(context.cwd, (env.backend as { directory?: string }).directory ?? "terraform-state", `${stack}.tfstate`);
  if (!fs.existsSync(path)) return false;
  try {
    const state = JSON.parse(fs.readFileSync(path, "utf8")) as { resources?: { instances?: unknown[] }[] };
    return (state.resources ?? []).some((r) => (r.instances ?? []).length > 0);
  } catch {
    return undefined;
  }
}

/** The manifest's environments named (all when none is); unknown names are bad input, all listed. */
export function pickEnvironments(manifest: EnvironmentManifest, names: readonly string[]): ManifestEnvironment[] {
  const matches = (e: ManifestEnvironment, n: string) => e.name === n || `env-${e.name}` === n;
  const unknown = names.filter((n) => !manifest.environments.some((e) => matches(e, n)));
  if (unknown.length > 0) throw new EnvkitInputError(`unknown environment${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}. Environments: ${manifest.environments.map((e) => e.name).join(", ")}.`);
  return names.length === 0 ? [...manifest.environments] : manifest.environments.filter((e) => names.some((n) => matches(e, n)));
}

/** `--now`: an instant, or the clock. */
export function parseNow(value: string | undefined, clock: () => Date): Date {
  if (value === undefined) return clock();
  const now = parseUtcInstant(value);
  if (!now) throw new EnvkitInputError(`--now ${JSON.stringify(value)} must be ${UTC_INSTANT_HINT}.`);
  return now;
}

/** `--for`: a duration in hours. */
export function parseDuration(value: string | undefined): number {
  const hours = parseDurationHours(value);
  if (hours === undefined) throw new EnvkitInputError(`--for ${JSON.stringify(value ?? "")} must be ${DURATION_HINT}.`);
  return hours;
}

/** `--format` among `allowed`. */
export function parseFormat<T extends string>(value: string | undefined, allowed: readonly T[]): T {
  const format = (value ?? allowed[0]) as T;
  if (!allowed.includes(format)) throw new EnvkitInputError(`--format ${JSON.stringify(value)} is not one of ${allowed.join(", ")}.`);
  return format;
}

/** `--tier`: a tier, or undefined when not given. */
export function parseTier(value: string | undefined): Tier | undefined {
  if (value === undefined) return undefined;
  if (isTier(value)) return value;
  throw new EnvkitInputError(`--tier ${JSON.stringify(value)} is not a tier. Allowed: ${TIERS.join(", ")}.`);
}

/** `--concurrency`: a whole number from 1 to 16. */
export function parseConcurrency(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 16) throw new EnvkitInputError(`--concurrency ${JSON.stringify(value)} must be a whole number from 1 to 16.`);
  return n;
}

/** Runs a command body; the library's errors become their message and exit code, anything else exit 3. */
export async function commandBody(name: string, context: CommandContext, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (isEnvkitError(error)) {
      context.stderr(`envctl ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    context.stderr(`envctl ${name} failed (a bug; please report it): ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.internal;
  }
}

/** An instant for people: `2026-12-03T09:00:00Z`. */
export const shown = (date: Date) => formatUtc(date);
