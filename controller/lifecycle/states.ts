/**
 * What the local Terraform states say of the environments they hold: whether
 * anything is deployed, when the state was last written, and the tags the
 * provider put on its resources (environment, tier, owner, lifecycle,
 * expiry). An environment whose code and record are gone is still found here.
 */
import { join, resolve } from "node:path";
import type { FileSystem } from "../../lib/core/fs";
import { formatUtc } from "../../lib/core/time";

/** The local state of one environment's stacks. */
export interface LocalState {
  readonly environment: string;
  /** The AWS stack's state file, `<directory>/env-<name>.tfstate`, as the directory was given (relative to the project root). */
  readonly path: string;
  /** The Kubernetes stack's state file, when there is one. */
  readonly kubernetesPath?: string;
  /** Resource instances the AWS stack's state holds: 0 once destroyed. */
  readonly resources: number;
  /** When the state was last written (a deploy, a fix or a destroy), ISO-8601 UTC. */
  readonly writtenAt: string;
  /** The tags of its resources (from the provider's default tags): environment, tier, owner, lifecycle, expires-at... */
  readonly tags: Readonly<Record<string, string>>;
  /** The VPC's range, when the state has one. */
  readonly cidr?: string;
}

const AWS_STATE = /^env-(.+)\.tfstate$/;

/** The local states in `directories` (relative to `cwd`), by environment. A state that cannot be read is skipped. */
export function readLocalStates(fs: FileSystem, cwd: string, directories: readonly string[]): Map<string, LocalState> {
  const states = new Map<string, LocalState>();
  for (const directory of new Set(directories)) {
    const dir = resolve(cwd, directory);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) continue;
    const files = fs.readdirSync(dir);
    for (const file of files.sort()) {
      const name = AWS_STATE.exec(file)?.[1];
      if (!name || name.endsWith("-k8s") || states.has(name)) continue;
      const summary = summarize(fs, join(dir, file));
      if (!summary) continue;
      const kubernetes = files.includes(`env-${name}-k8s.tfstate`) ? join(directory, `env-${name}-k8s.tfstate`) : undefined;
      states.set(name, { environment: name, path: join(directory, file), ...(kubernetes ? { kubernetesPath: kubernetes } : {}), ...summary });
    }
  }
  return states;
}

interface StateDocument {
  readonly resources?: readonly { readonly mode?: string; readonly type?: string; readonly instances?: readonly { readonly attributes?: Record<string, unknown> }[] }[];
}

function summarize(fs: FileSystem, path: string): Omit<LocalState, "environment" | "path" | "kubernetesPath"> | undefined {
  let document: StateDocument;
  try {
    document = JSON.parse(fs.readFileSync(path, "utf8")) as StateDocument;
  } catch {
    return undefined;
  }
  const managed = (document.resources ?? []).filter((r) => r.mode === "managed");
  const instances = managed.flatMap((r) => (r.instances ?? []).map((i) => ({ type: r.type, attributes: i.attributes ?? {} })));
  const tagged = instances.map((i) => i.attributes.tags_all).find((t): t is Record<string, string> => isStringRecord(t) && typeof t.environment === "string");
  const vpc = instances.find((i) => i.type === "aws_vpc")?.attributes.cidr_block;
  return {
    resources: instances.length,
    writtenAt: formatUtc(fs.statSync(path).mtime),
    tags: tagged ?? {},
    ...(typeof vpc === "string" ? { cidr: vpc } : {}),
  };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return value !== null && typeof value === "object" && Object.values(value).every((v) => typeof v === "string");
}
