import type { TerraformStack } from "cdktf";
import { sharedWeakMap } from "../lib/core/shared-state";

/**
 * The Terraform JSON the synth-time policy check computed for a stack, handed
 * once to the stack's own `toTerraform()` that writes the file, so the stack
 * is not resolved twice. A change to the construct tree in between (a
 * different node count) discards it.
 */
const MEMO = sharedWeakMap<TerraformStack, { readonly json: Record<string, unknown>; readonly nodes: number }>("resolved-json");

/** Remembers the JSON computed for `stack` during its validation. */
export function rememberResolvedJson(stack: TerraformStack, json: Record<string, unknown>): void {
  MEMO.set(stack, { json, nodes: stack.node.findAll().length });
}

/** The remembered JSON, once; undefined when there is none or the tree changed. */
export function takeResolvedJson(stack: TerraformStack): Record<string, unknown> | undefined {
  const memo = MEMO.get(stack);
  MEMO.delete(stack);
  return memo && memo.nodes === stack.node.findAll().length ? memo.json : undefined;
}
