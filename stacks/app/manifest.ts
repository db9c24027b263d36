/**
 * The environment manifest, `cdktf.out/envkit.manifest.json`: what every
 * synth knew about each environment, written beside cdktf's own manifest so
 * that `envctl` judges, lists and reaps environments as the synth saw them,
 * without running the app again. It holds no timestamps of its own: two
 * synths of the same code write the same file.
 */
import type { Tier } from "../../lib/core/profile";
import type { Finding } from "../../policies/engine";
import type { PolicyConfigData } from "../../policies/packs";
import type { Waiver } from "../../policies/waiver-match";
import type { ResolvedEnvironment } from "../../lib/environments/types";

/** File name of the environment manifest, in the cdktf output directory. */
export const ENVIRONMENT_MANIFEST_FILE = "envkit.manifest.json";

/** The variable that names the environments a synth builds (comma-separated); the others are only listed in the manifest (`declaredOnly`). */
export const ONLY_VARIABLE = "ENVKIT_ONLY";

/** Version of the manifest's format; readers refuse versions they do not know. */
export const MANIFEST_FORMAT_VERSION = 1;

/** What a stack of an environment is. */
export type StackKind = "aws" | "kubernetes";

/** One synthesized stack of an environment. */
export interface ManifestStack {
  readonly name: string;
  readonly kind: StackKind;
  /** Path of its Terraform JSON, relative to the output directory. */
  readonly file: string;
  /** The stack's policy configuration, as data. */
  readonly policy: PolicyConfigData;
  /** Waivers attached to its constructs (also recorded in the stack's Terraform JSON). */
  readonly waivers: readonly Waiver[];
  /** Findings of custom rules at synth: their checks are code, which only the synth can run. */
  readonly synthFindings: readonly Finding[];
}

/** One environment, as the synth resolved it. */
export interface ManifestEnvironment {
  readonly name: string;
  readonly tier: Tier;
  readonly owner: string;
  readonly lifecycle: ResolvedEnvironment["lifecycle"];
  /** The expiry of an ephemeral environment, else null. */
  readonly expiresAt: string | null;
  readonly backend: ResolvedEnvironment["backend"];
  readonly stacks: readonly ManifestStack[];
  /** Controls weakened by overrides (allowed below prod). */
  readonly weakenedControls: ResolvedEnvironment["weakenedControls"];
  /** The whole resolved environment. */
  readonly resolved: ResolvedEnvironment;
  /** The release its stacks deploy, and what its promotion gate found at synth. */
  readonly release?: ManifestRelease;
}

/** An environment's release, as the synth saw it. */
export interface ManifestRelease {
  /** `rel-` and the first 12 hex digits of the digest. */
  readonly id: string;
  /** SHA-256 of what is not environment-specific (see `releaseContent`). */
  readonly digest: string;
  /** What the tier asks of a release coming in. */
  readonly policy: { readonly soakHours: number; readonly approvals: number; readonly requiresPromotion: boolean };
  /** Whether the release is the one last promoted into the environment. */
  readonly promoted: boolean;
  /** The release last promoted into the environment, if any. */
  readonly lastPromoted?: string;
  /** Why its apply is refused (the stacks hold the promotion guard), when it is. */
  readonly refusal?: string;
  /** Why the gate was lifted on purpose, when it was. */
  readonly breakGlass?: string;
}

/** The environment manifest. */
export interface EnvironmentManifest {
  readonly formatVersion: typeof MANIFEST_FORMAT_VERSION;
  /** Version of the library that wrote it. */
  readonly libraryVersion: string;
  readonly environments: readonly ManifestEnvironment[];
  /**
   * The environments the app declares but this synth left out (`ENVKIT_ONLY`
   * named others): listed, so that what reads the manifest (envctl pipeline)
   * still sees the whole estate; their stacks are not in this output.
   */
  readonly declaredOnly?: readonly DeclaredEnvironment[];
  /** Every environment's name in the order the app declares them, when some are only declared. */
  readonly order?: readonly string[];
  /** Where previews (`ENV_PREVIEW`) go, when the app declares a preview template: what a CI engine needs to deploy one it has not seen yet. */
  readonly previews?: ManifestPreviews;
}

/** An environment the app declares that a synth with `ENVKIT_ONLY` left out: what a CI engine needs of it. */
export interface DeclaredEnvironment extends Pick<ManifestEnvironment, "name" | "tier" | "owner" | "lifecycle" | "expiresAt" | "backend" | "resolved"> {
  /** Its stacks' names and kinds (their files are not in this output). */
  readonly stacks: readonly { readonly name: string; readonly kind: ManifestStack["kind"] }[];
  /** What its tier asks of a release coming in. */
  readonly promotion: ManifestRelease["policy"];
}

/** What the manifest says of every environment, synthesized or only declared. */
export function environmentEntry(env: ResolvedEnvironment): Pick<ManifestEnvironment, "name" | "tier" | "owner" | "lifecycle" | "expiresAt" | "backend" | "resolved"> {
  return { name: env.name, tier: env.tier, owner: env.owner, lifecycle: env.lifecycle, expiresAt: env.lifecycle.kind === "ephemeral" ? env.lifecycle.expiresAt : null, backend: env.backend, resolved: env };
}

/** Every environment of `manifest`, synthesized or only declared, in the order the app declares them. */
export function declaredEnvironments(manifest: EnvironmentManifest): (ManifestEnvironment | DeclaredEnvironment)[] {
  const all = [...manifest.environments, ...(manifest.declaredOnly ?? [])];
  const order = manifest.order;
  return order ? [...all].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name)) : all;
}

/** What the tier of `env` asks of a release coming in, synthesized or only declared. */
export function promotionPolicy(env: ManifestEnvironment | DeclaredEnvironment): ManifestRelease["policy"] | undefined {
  return "promotion" in env ? env.promotion : env.release?.policy;
}

const DECLARED_ONLY = Symbol.for("cdktf-envkit.declared-only");

/** Records on `app` the environments a synth leaves out, and the order of all of them. */
export function recordDeclaredOnly(app: object, declared: { readonly environments: readonly DeclaredEnvironment[]; readonly order: readonly string[] }): void {
  (app as Record<symbol, unknown>)[DECLARED_ONLY] = declared;
}

/** What `recordDeclaredOnly` recorded on `app`. */
export function recordedDeclaredOnly(app: object): { readonly environments: readonly DeclaredEnvironment[]; readonly order: readonly string[] } | undefined {
  return (app as Record<symbol, { environments: DeclaredEnvironment[]; order: string[] } | undefined>)[DECLARED_ONLY];
}

/** The preview template, as a CI engine needs it. */
export interface ManifestPreviews {
  readonly account: string;
  /** The organization's region (a preview's). */
  readonly region?: string;
  /** The role CI assumes to deploy a preview (the organization's `deployRole`, `{account}` filled in). */
  readonly deployRole?: string;
}

const PREVIEWS = Symbol.for("cdktf-envkit.previews");

/** Records on `app` where its previews go, for its manifest. */
export function recordPreviews(app: object, previews: ManifestPreviews): void {
  (app as Record<symbol, ManifestPreviews>)[PREVIEWS] = previews;
}

/** What `recordPreviews` recorded on `app`. */
export function recordedPreviews(app: object): ManifestPreviews | undefined {
  return (app as Record<symbol, ManifestPreviews | undefined>)[PREVIEWS];
}

/** The environment and stack entry of a stack name, if the manifest lists it. */
export function findManifestStack(manifest: EnvironmentManifest, stack: string): { environment: ManifestEnvironment; stack: ManifestStack } | undefined {
  for (const environment of manifest.environments) {
    const found = environment.stacks.find((s) => s.name === stack);
    if (found) return { environment, stack: found };
  }
  return undefined;
}
