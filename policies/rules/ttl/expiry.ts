/** Reading the lifecycle tags, shared by the TTL rules. */
import { TAG_KEYS } from "../../../lib/core/tags";
import { StackModel, TfResource } from "../../model";

export { parseUtcInstant } from "../../../lib/core/time";

/** The resource's lifecycle tag value, if any. */
export function lifecycleOf(resource: TfResource, stack: StackModel): unknown {
  return stack.effectiveTags(resource)[TAG_KEYS.lifecycle];
}

/** The raw `expires-at` tag value, if any. */
export function expiresAtOf(resource: TfResource, stack: StackModel): unknown {
  return stack.effectiveTags(resource)[TAG_KEYS.expiresAt];
}

/** The raw `created-at` tag value, if any. */
export function createdAtOf(resource: TfResource, stack: StackModel): unknown {
  return stack.effectiveTags(resource)[TAG_KEYS.createdAt];
}

/** The raw `renewed-at` tag value, if any. */
export function renewedAtOf(resource: TfResource, stack: StackModel): unknown {
  return stack.effectiveTags(resource)[TAG_KEYS.renewedAt];
}
