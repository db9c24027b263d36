/**
 * What a synthesized stack says about itself in its Terraform JSON, under
 * `"//": { "envkit": ... }`: the environment it belongs to, the controls it
 * weakens on purpose, and the waivers attached to its constructs. Terraform
 * ignores `"//"` keys; every later check of the file reads the same facts as
 * the synth did.
 */
import { z } from "zod/v3";
import { TIERS, type Tier } from "../lib/core/profile";
import { usageSchema, type UsageAssumptions } from "../lib/core/usage";
import { PolicyInputError } from "./errors";
import { WAIVER_SCHEMA } from "./waiver-schema";
import type { DeclaredWeakening, StackModelInit } from "./model";

export type { DeclaredWeakening };
import type { Waiver } from "./waiver-match";

/** Key of the library's metadata under the stack's `"//"` comment object. */
export const STACK_METADATA_KEY = "envkit";


/** The library's metadata of one stack. */
export interface StackMetadata {
  /** The environment's name; absent on stacks that are not an environment's. */
  readonly environment?: string;
  /** The environment's tier; absent on stacks that are not an environment's. */
  readonly tier?: Tier;
  /** Controls weakened by the environment's overrides. */
  readonly weakenedControls: readonly DeclaredWeakening[];
  /** Waivers attached to constructs with `waive()`, each scoped to this stack. */
  readonly waivers: readonly Waiver[];
  /** Set when the environment is being retired on purpose (its deletion protection is lifted). */
  readonly decommission?: { readonly approvedBy: string; readonly reason: string };
  /** What the environment is assumed to use each month (the cost estimate prices it). */
  readonly usage?: UsageAssumptions;
}

const METADATA_SCHEMA = z.strictObject({
  environment: z.string().min(1).optional(),
  tier: z.enum(TIERS).optional(),
  weakenedControls: z.array(z.strictObject({ field: z.string().regex(/^(security|lifecycle|sizing)\.[A-Za-z]+$/), value: z.unknown(), baseline: z.string() })).default([]),
  waivers: z.array(WAIVER_SCHEMA).default([]),
  decommission: z.strictObject({ approvedBy: z.string().min(1), reason: z.string().min(1) }).optional(),
  usage: usageSchema.optional(),
});

/** Reads and checks the metadata of a configuration JSON document; undefined when it has none. */
export function readStackMetadata(root: Record<string, unknown>, where: string): StackMetadata | undefined {
  const comment = root["//"];
  if (comment === null || typeof comment !== "object" || Array.isArray(comment) || !(STACK_METADATA_KEY in comment)) return undefined;
  const parsed = METADATA_SCHEMA.safeParse((comment as Record<string, unknown>)[STACK_METADATA_KEY]);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${["//", STACK_METADATA_KEY, ...i.path].join(".")}: ${i.message}`);
    throw new PolicyInputError(`${where}: the library's stack metadata is malformed (${problems.join("; ")}). Re-run \`cdktf synth\`; never edit "//" by hand.`);
  }
  return parsed.data as StackMetadata;
}

/** The model fields that come from the library's stack metadata; waivers are scoped to the stack. */
export function metadataFields(metadata: StackMetadata | undefined, stack: string): Pick<StackModelInit, "environment" | "weakenedControls" | "waivers" | "decommission" | "usage"> {
  if (!metadata) return {};
  return {
    environment: metadata.environment,
    weakenedControls: metadata.weakenedControls,
    waivers: metadata.waivers.map((w) => ({ ...w, stack: w.stack ?? stack })),
    ...(metadata.decommission ? { decommission: metadata.decommission } : {}),
    ...(metadata.usage ? { usage: metadata.usage } : {}),
  };
}

