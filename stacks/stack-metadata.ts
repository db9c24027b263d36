import type { TerraformStack } from "cdktf";
import { sharedWeakMap } from "../lib/core/shared-state";
import { STACK_METADATA_KEY, type DeclaredWeakening } from "../policies/metadata";
import type { Waiver } from "../policies/waiver-match";
import type { Tier } from "../lib/core/profile";
import type { UsageAssumptions } from "../lib/core/usage";

/** What the library records about a stack in its Terraform JSON (`"//".envkit`). */
interface RecordedMetadata {
  environment?: string;
  tier?: Tier;
  weakenedControls: DeclaredWeakening[];
  waivers: Waiver[];
  decommission?: { approvedBy: string; reason: string };
  usage?: UsageAssumptions;
}

const RECORDED = sharedWeakMap<TerraformStack, RecordedMetadata>("stack-metadata");

/**
 * Records facts about `stack` under `"//".envkit` of its Terraform JSON, where
 * Terraform ignores them and every later check (`envctl check`, a policy run
 * over the file) reads them: the environment, its declared weakenings, and
 * the waivers of its constructs.
 */
export function recordStackMetadata(stack: TerraformStack, update: (metadata: RecordedMetadata) => void): void {
  const metadata = RECORDED.get(stack) ?? { weakenedControls: [], waivers: [] };
  update(metadata);
  RECORDED.set(stack, metadata);
  stack.addOverride(`//.${STACK_METADATA_KEY}`, JSON.parse(JSON.stringify(metadata)));
}

/** The metadata recorded for `stack` so far. */
export function recordedMetadataOf(stack: TerraformStack): Readonly<RecordedMetadata> {
  return RECORDED.get(stack) ?? { weakenedControls: [], waivers: [] };
}
