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
  /** Where previews (`ENV_PREVIEW`) go, when the app declares a preview template: what a CI engine needs to deploy one it has not seen yet. */
  readonly previews?: ManifestPreviews;
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
