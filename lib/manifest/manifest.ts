/**
 * The environment manifest, `cdktf.out/envkit.manifest.json`: what every
 * synth knew about each environment, written beside cdktf's own manifest so
 * that `envctl` judges, lists and reaps environments as the synth saw them,
 * without running the app again. It holds no timestamps of its own: two
 * synths of the same code write the same file.
 */
import { z } from "zod/v3";
import { EnvkitInputError } from "../core/errors";
import { TIERS, type Tier } from "../core/profile";
import type { Finding } from "../../policies/engine";
import type { PolicyConfigData } from "../../policies/packs";
import type { Waiver } from "../../policies/waiver-match";
import type { ResolvedEnvironment } from "../environments/types";

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
}

/** The environment manifest. */
export interface EnvironmentManifest {
  readonly formatVersion: typeof MANIFEST_FORMAT_VERSION;
  /** Version of the library that wrote it. */
  readonly libraryVersion: string;
  readonly environments: readonly ManifestEnvironment[];
}

const stackSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(["aws", "kubernetes"]),
  file: z.string().min(1),
  policy: z.object({
    packs: z.array(z.object({ name: z.string(), tiers: z.array(z.enum(TIERS)), rules: z.array(z.string()) })),
    customRules: z.array(z.string()),
    tiers: z.record(z.enum(TIERS), z.record(z.string(), z.enum(["error", "warning", "info", "off"]))),
  }),
  waivers: z.array(z.record(z.string(), z.unknown())),
  synthFindings: z.array(z.record(z.string(), z.unknown())),
});

const manifestSchema = z.object({
  formatVersion: z.literal(MANIFEST_FORMAT_VERSION),
  libraryVersion: z.string(),
  environments: z.array(
    z.object({
      name: z.string().min(1),
      tier: z.enum(TIERS),
      owner: z.string(),
      lifecycle: z.union([
        z.object({ kind: z.literal("ephemeral"), createdAt: z.string(), expiresAt: z.string() }),
        z.object({ kind: z.literal("persistent"), reason: z.string() }),
      ]),
      expiresAt: z.string().nullable(),
      backend: z.object({ type: z.enum(["local", "s3", "hcp"]) }).passthrough(),
      stacks: z.array(stackSchema),
      weakenedControls: z.array(z.object({ field: z.string() }).passthrough()),
      resolved: z.object({ name: z.string() }).passthrough(),
    }),
  ),
});

/** Reads an environment manifest; a file from another format version or a damaged one is refused with the reason. */
export function parseEnvironmentManifest(json: unknown, where: string): EnvironmentManifest {
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === "number" && version !== MANIFEST_FORMAT_VERSION) {
    throw new EnvkitInputError(`${where}: format version ${version} is not one this library reads (${MANIFEST_FORMAT_VERSION}); re-run \`cdktf synth\` with this version of the library.`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new EnvkitInputError(`${where}: not a valid environment manifest (${problems.join("; ")}). Re-run \`cdktf synth\`; never edit it by hand.`);
  }
  return parsed.data as unknown as EnvironmentManifest;
}

/** The environment and stack entry of a stack name, if the manifest lists it. */
export function findManifestStack(manifest: EnvironmentManifest, stack: string): { environment: ManifestEnvironment; stack: ManifestStack } | undefined {
  for (const environment of manifest.environments) {
    const found = environment.stacks.find((s) => s.name === stack);
    if (found) return { environment, stack: found };
  }
  return undefined;
}
