/**
 * The cache behaviors of a CloudFront distribution, named as a finding names
 * them: shared by the viewer and origin transport rules.
 */
import { block, blocks } from "../helpers";

/** One cache behavior and how a message names it. */
export interface CacheBehavior {
  /** `default_cache_behavior`, or `ordered_cache_behavior[<i>] (<path pattern>)`. */
  readonly label: string;
  readonly attributes: Record<string, unknown>;
}

/** The default behavior first, then the ordered ones in order. */
export function cacheBehaviors(distribution: Readonly<Record<string, unknown>>): CacheBehavior[] {
  const found: CacheBehavior[] = [];
  const fallback = block(distribution.default_cache_behavior);
  if (fallback) found.push({ label: "default_cache_behavior", attributes: fallback });
  blocks(distribution.ordered_cache_behavior).forEach((behavior, i) => {
    const path = typeof behavior.path_pattern === "string" ? ` (${behavior.path_pattern})` : "";
    found.push({ label: `ordered_cache_behavior[${i}]${path}`, attributes: behavior });
  });
  return found;
}
