/**
 * A synth that leaves environments out (`ENVKIT_ONLY`) into an output that
 * already holds them: the environments it left out keep the stacks and the
 * manifest entries of the synth that wrote them, so that `envctl up dev` in an
 * estate of a thousand synthesizes one environment and the output still
 * describes all of them (what `envctl status`, `drift` or `list` read next).
 * An environment the previous output did not hold stays only declared.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ENVIRONMENT_MANIFEST_FILE, MANIFEST_FORMAT_VERSION, recordedDeclaredOnly, type EnvironmentManifest, type ManifestEnvironment } from "./manifest";

/** cdktf's `manifest.json`, as far as this module reads it. */
interface CdktfManifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath?: string }>;
  readonly [key: string]: unknown;
}

/**
 * Carries into the staged synth of `app` the environments it left out that
 * `outdir` holds: their entries go into the staged environment manifest and
 * their stacks into the staged `manifest.json`. Returns the names of their
 * stacks, which the commit then leaves where they are. Nothing is carried
 * from an output that is not whole (a manifest missing, unreadable, of
 * another format, or naming a stack whose file is gone).
 */
export function carryLeftOutEnvironments(app: object, staging: string, outdir: string): ReadonlySet<string> {
  const declared = recordedDeclaredOnly(app);
  if (!declared) return new Set();
  const previous = readOutput(outdir);
  if (!previous) return new Set();
  const carried = declared.environments.flatMap((d) => {
    const entry = previous.environments.environments.find((e) => e.name === d.name);
    if (!entry) return [];
    const sameStacks = entry.stacks.length === d.stacks.length && entry.stacks.every((s, i) => s.name === d.stacks[i].name && s.kind === d.stacks[i].kind);
    const whole = entry.stacks.every((s) => previous.stacks.stacks[s.name] && existsSync(join(resolve(outdir), "stacks", s.name, "cdk.tf.json")));
    return sameStacks && whole ? [entry] : [];
  });
  if (carried.length === 0) return new Set();

  const staged = readOutput(staging);
  if (!staged) throw new Error(`the staged synth in ${staging} has no manifests to carry environments into`);
  const rank = (name: string) => declared.order.indexOf(name);
  const environments = [...staged.environments.environments, ...carried].sort((a, b) => rank(a.name) - rank(b.name));
  const stillDeclared = declared.environments.filter((d) => !carried.some((c) => c.name === d.name));
  const { declaredOnly: _declared, order: _order, ...rest } = staged.environments;
  const manifest: EnvironmentManifest = { ...rest, environments, ...(stillDeclared.length > 0 ? { declaredOnly: stillDeclared, order: declared.order } : {}) };
  const carriedStacks = carried.flatMap((e) => e.stacks.map((s) => s.name));
  const stacks = Object.fromEntries(environments.flatMap((e) => e.stacks.map((s) => [s.name, staged.stacks.stacks[s.name] ?? previous.stacks.stacks[s.name]] as const)));
  writeFileSync(join(staging, "manifest.json"), `${JSON.stringify({ ...staged.stacks, stacks }, null, 2)}`);
  writeFileSync(join(staging, ENVIRONMENT_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return new Set(carriedStacks);
}

function readOutput(dir: string): { readonly environments: EnvironmentManifest; readonly stacks: CdktfManifest } | undefined {
  const read = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(resolve(dir), file), "utf8")) as unknown;
    } catch {
      return undefined;
    }
  };
  const environments = read(ENVIRONMENT_MANIFEST_FILE) as EnvironmentManifest | undefined;
  const stacks = read("manifest.json") as CdktfManifest | undefined;
  if (!environments || environments.formatVersion !== MANIFEST_FORMAT_VERSION || !Array.isArray(environments.environments)) return undefined;
  if (!stacks || typeof stacks.stacks !== "object" || stacks.stacks === null) return undefined;
  if (!environments.environments.every((e: ManifestEnvironment) => Array.isArray(e?.stacks))) return undefined;
  return { environments, stacks };
}
