/**
 * Reading the `expires-at` tag, shared by the TTL rules: an ISO-8601 UTC
 * instant such as `2026-03-31T18:00:00Z`.
 */
import { TAG_KEYS } from "../../../lib/core/tags";
import { StackModel, TfResource } from "../../model";

/** The resource's lifecycle tag value, if any. */
export function lifecycleOf(resource: TfResource, stack: StackModel): unknown {
  return stack.effectiveTags(resource)[TAG_KEYS.lifecycle];
}

/** The raw `expires-at` tag value, if any. */
export function expiresAtOf(resource: TfResource, stack: StackModel): unknown {
  return stack.effectiveTags(resource)[TAG_KEYS.expiresAt];
}

/** Parses an ISO-8601 UTC instant (`YYYY-MM-DDThh:mm[:ss[.fff]]Z`); undefined when malformed or impossible. */
export function parseUtcInstant(value: unknown): Date | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const date = new Date(value);
  const sameParts = date.getUTCFullYear() === y && date.getUTCMonth() + 1 === mo && date.getUTCDate() === d && date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === (s || 0);
  return Number.isNaN(date.getTime()) || !sameParts ? undefined : date;
}
