/**
 * Whether an argument that names something (an ARN, a bucket, an id) is
 * there, as the edge and search rules read it.
 */
import { isReference } from "../model";
import { literalString } from "./literal";

/** `set`: a name is given; `unset`: none is; `unknown`: the configuration cannot tell. */
export type Presence = "set" | "unset" | "unknown";

/**
 * A non-empty literal is set, and so is a reference to a resource or data
 * source (it has a value once applied); a variable or a local may be empty,
 * so it is unknown, as is a value of the wrong shape.
 */
export function presence(value: unknown): Presence {
  if (value === undefined || value === null) return "unset";
  if (typeof value !== "string") return "unknown";
  if (value.trim() === "") return "unset";
  if (!isReference(value)) return "set";
  return VARIABLE_OR_LOCAL.test(value) ? "unknown" : "set";
}

const VARIABLE_OR_LOCAL = /\$\{[^}]*\b(var|local)\./;

/** A string written literally; undefined for a reference, an interpolation, a value of another type, or none. */
export function literal(value: unknown): string | undefined {
  const text = literalString(value);
  return typeof text === "string" ? text : undefined;
}
