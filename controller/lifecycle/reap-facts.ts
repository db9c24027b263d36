/**
 * Reading, each from its own source, the facts that prove a reap target
 * ephemeral and expired (reap-proof.ts): each stack's Terraform JSON from the
 * stack's own directory (never from where a manifest points), and the tags
 * of what its state holds, from the state file its own backend names.
 */
import { join, resolve } from "node:path";
import type { FileSystem } from "../../lib/core/fs";
import type { ManifestEnvironment } from "../../stacks/app/manifest";
import { stackDirectory, type SynthOutput } from "../manifest/output";
import type { EstateEntry } from "./estate";
import type { ReapFacts, StackFacts } from "./reap-proof";
import type { ReapTarget } from "./reaper";

/** Reads the state of a stack whose backend is not local (`terraform state pull` in its directory); undefined when it cannot. */
export type RemoteStateReader = (directory: string) => Promise<string | undefined>;

/** The facts of `target`, whose stacks `output` holds. */
export async function reapFacts(target: ReapTarget, entry: EstateEntry | undefined, output: SynthOutput, stacks: readonly string[], fs: FileSystem, now: Date, readRemote: RemoteStateReader): Promise<ReapFacts> {
  const declaredEnv: ManifestEnvironment | undefined = output.manifest?.environments.find((e) => e.name === target.name);
  const declared = declaredEnv && {
    tier: declaredEnv.tier,
    lifecycle: declaredEnv.resolved.lifecycle.kind,
    expiresAt: entry?.expiresAt ?? (declaredEnv.resolved.lifecycle.kind === "ephemeral" ? declaredEnv.resolved.lifecycle.expiresAt : undefined),
    protected: declaredEnv.resolved.retention.deletionProtection && !declaredEnv.resolved.decommission,
  };
  const facts: StackFacts[] = [];
  for (const name of stacks) facts.push(await stackFacts(name, output, fs, readRemote));
  return { target, ...(entry?.record ? { record: entry.record } : {}), ...(declared ? { declared } : {}), stacks: facts, now };
}

async function stackFacts(name: string, output: SynthOutput, fs: FileSystem, readRemote: RemoteStateReader): Promise<StackFacts> {
  const ownDirectory = join(output.dir, "stacks", name);
  let directory: string;
  try {
    directory = stackDirectory(output, name);
  } catch {
    directory = "(no directory: the stack is not in the output)";
  }
  const json = readJson(fs, join(ownDirectory, "cdk.tf.json"));
  if (!json) return { name, directory, ownDirectory };
  const envkit = asRecord(asRecord(json["//"]).envkit);
  const provider = asArray(asRecord(json.provider).aws)[0];
  const defaultTags = asRecord(asArray(asRecord(provider).default_tags)[0]).tags;
  const backend = asRecord(asRecord(json.terraform).backend);
  let state: string | undefined;
  if ("local" in backend) {
    const path = resolve(ownDirectory, String(asRecord(backend.local).path ?? "terraform.tfstate"));
    state = fs.existsSync(path) ? fs.readFileSync(path, "utf8") : '{"resources": []}';
  } else state = await readRemote(ownDirectory);
  return { name, directory, ownDirectory, synthesized: { environment: envkit.environment, tier: envkit.tier }, ...(defaultTags ? { defaultTags: asRecord(defaultTags) } : {}), ...(state !== undefined ? { stateTags: stateTagsOf(state) } : {}) };
}

/** The tags of every resource instance of a state that carries tags (`tags_all`, else `tags`); undefined for a state that is not JSON. */
function stateTagsOf(text: string): Record<string, unknown>[] | undefined {
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    return undefined;
  }
  return asArray(asRecord(state).resources)
    .flatMap((r) => asArray(asRecord(r).instances))
    .map((i) => asRecord(asRecord(i).attributes))
    .map((a) => asRecord(a.tags_all ?? a.tags))
    .filter((t) => Object.keys(t).length > 0);
}

function readJson(fs: FileSystem, path: string): Record<string, unknown> | undefined {
  try {
    return asRecord(JSON.parse(fs.readFileSync(path, "utf8")));
  } catch {
    return undefined;
  }
}

const asRecord = (v: unknown): Record<string, unknown> => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
