/**
 * Small readers shared by rules: Terraform JSON nests blocks as arrays of
 * objects and may hold references where a literal is expected.
 */
import { isReference, StackModel, TfResource } from "../model";
import { fail, pass, RuleResult } from "../rule";

/** The first object of a nested block (`[{...}]`), or the object itself. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === "object" && !Array.isArray(first) ? (first as Record<string, unknown>) : undefined;
}

/** Every object of a nested block list. */
export function blocks(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v));
}

/**
 * The resources of `type` that `value` designates: by a reference to them, or,
 * as hand-written Terraform names things, by the literal value of their
 * `nameAttribute` (a bucket name, a database identifier).
 */
export function designated(stack: StackModel, value: unknown, type: string, nameAttribute: string): readonly TfResource[] {
  const found = [...stack.referencedResources(value, type)];
  if (typeof value === "string" && value.trim() !== "" && !isReference(value)) for (const r of stack.withAttributeValue(type, nameAttribute, value)) if (!found.includes(r)) found.push(r);
  return found;
}

/** A boolean as written: true/false (or their strings), `unresolved` for references and other values, undefined when unset. */
export type Flag = boolean | "unresolved" | undefined;

/** Reads a flag; `"true"`/`"false"` strings count as booleans. */
export function flag(value: unknown): Flag {
  // The AWS provider 6 types some flags as strings, where "" means unset (aws_launch_template, aws_elasticache_replication_group).
  if (value === undefined || value === null || value === "") return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return "unresolved";
}

/** A number as written (numeric strings included), `unresolved` for references, undefined when unset. */
export function numberValue(value: unknown): number | "unresolved" | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return "unresolved";
}

/** True for a non-empty literal string or a Terraform reference (a legitimate value for key ids and ARNs). */
export function isSet(value: unknown): boolean {
  return (typeof value === "string" && value.trim() !== "") || isReference(value);
}

/** The message for a value a rule cannot resolve. */
export function unresolved(field: string, value: unknown, expected: string): string {
  return `${field} is ${JSON.stringify(value)}, which could not be resolved to ${expected}; set it to a literal so the policy can verify it`;
}

/**
 * A value the rule cannot resolve (a variable, a reference, an unknown in a
 * plan): reported as unknown at info, never as a violation and never passed.
 */
export function unknownValue(message: string): RuleResult {
  return fail(message, { severity: "info" });
}

/** Passes when `attributes[field]` is literally true; unset or false fails, a reference is reported as unresolved. */
export function requireTrue(attributes: Readonly<Record<string, unknown>>, field: string, consequence: string): RuleResult {
  const value = flag(attributes[field]);
  if (value === true) return pass();
  if (value === "unresolved") return unknownValue(unresolved(field, attributes[field], "true or false"));
  return fail(`${field} is ${value === undefined ? "not set (the provider default is false)" : "false"}: ${consequence}`);
}

/**
 * Like `requireTrue`, for the coverage rules: a value that cannot be resolved
 * (a variable, an unknown in a plan) is reported at info, never as a
 * violation; unset counts as `unsetIs` (the provider's default).
 */
export function requireFlag(attributes: Readonly<Record<string, unknown>>, field: string, consequence: string, unsetIs = false): RuleResult {
  const value = flag(attributes[field]);
  if (value === "unresolved") return unknownValue(unresolved(field, attributes[field], "true or false"));
  if ((value ?? unsetIs) === true) return pass();
  return fail(`${field} is ${value === undefined ? `not set (the provider default is ${unsetIs})` : "false"}: ${consequence}`);
}

/** Whether the stack requires the AWS provider 6 or later; false when its JSON does not say (rules then judge by the stricter provider 5 defaults). */
export function onAwsProvider6(stack: StackModel): boolean {
  return (stack.awsProvider.major ?? 0) >= 6;
}
