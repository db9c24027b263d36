/**
 * String arguments as written: enum-like values (modes, types, principals)
 * are compared as literals, and a reference or a non-string is unresolved.
 */
import { isReference } from "../model";

/** Marks a value that is written but cannot be read as a literal string. */
export const UNRESOLVED = Symbol("unresolved");

/** The literal string, `UNRESOLVED` for references and non-strings, undefined when unset. */
export function literalString(value: unknown): string | typeof UNRESOLVED | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || isReference(value)) return UNRESOLVED;
  return value;
}
