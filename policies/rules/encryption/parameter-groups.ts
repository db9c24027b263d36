/**
 * Parameter groups a database names, for the rules that judge a parameter:
 * RDS, Redshift and DocumentDB require TLS through a parameter, not an
 * argument. A group is resolved to the resource of this stack that declares
 * it, to an AWS default group (unset, or a literal `default.*` name), or to
 * unknown, with the reason.
 */
import { isReference, StackModel, TfResource } from "../../model";
import { blocks } from "../helpers";

/** A parameter group that could be resolved: an AWS default group (unset, or a literal `default.*` name), or a group of this stack. */
export type KnownParameterGroup = { readonly kind: "default"; readonly name?: string } | { readonly kind: "group"; readonly group: TfResource };

/** The parameter group a database uses. */
export type ParameterGroup = KnownParameterGroup | { readonly kind: "unknown"; readonly why: string };

/** A parameter as a group writes it. */
export type Parameter = { readonly kind: "unset" } | { readonly kind: "value"; readonly value: string } | { readonly kind: "unresolved"; readonly why: string };

/** Resolves `resource.attributes[field]` to a group of `groupType`: by reference, or by a literal name this stack declares. */
export function parameterGroupOf(resource: TfResource, field: string, groupType: string, stack: StackModel): ParameterGroup {
  const value = resource.attributes[field];
  if (value === undefined || value === null || value === "") return { kind: "default" };
  if (typeof value !== "string") return { kind: "unknown", why: `${field} is ${JSON.stringify(value)}, which is not a parameter group name` };
  if (value.includes("${")) {
    const [group] = stack.referencedResources(value, groupType);
    return group ? { kind: "group", group } : { kind: "unknown", why: `${field} is ${JSON.stringify(value)}, which names no ${groupType} of this stack` };
  }
  const [named] = stack.withAttributeValue(groupType, "name", value);
  if (named) return { kind: "group", group: named };
  if (value.startsWith("default.")) return { kind: "default", name: value };
  return { kind: "unknown", why: `${field} is "${value}", a parameter group this stack does not declare` };
}

/** The value `group` gives the parameter `name` (names compare case-insensitively, as AWS does). */
export function parameterOf(group: TfResource, name: string): Parameter {
  const list = group.attributes.parameter;
  if (isReference(list)) return { kind: "unresolved", why: `${group.address}.parameter is ${JSON.stringify(list)}, which could not be resolved` };
  const entry = blocks(list).find((p) => typeof p.name === "string" && p.name.toLowerCase() === name.toLowerCase());
  if (!entry || entry.value === undefined || entry.value === null) return { kind: "unset" };
  const value = entry.value;
  if (isReference(value) || (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")) {
    return { kind: "unresolved", why: `${group.address} sets ${name} to ${JSON.stringify(value)}, which could not be resolved` };
  }
  return { kind: "value", value: String(value) };
}

/** The family a group declares (`postgres16`), the family of a literal default group's name, or undefined. */
export function familyOf(group: ParameterGroup): string | undefined {
  if (group.kind === "group") return typeof group.group.attributes.family === "string" && !isReference(group.group.attributes.family) ? group.group.attributes.family : undefined;
  if (group.kind === "default" && group.name) return group.name.slice("default.".length);
  return undefined;
}

/** The version numbers at the end of a family or engine version (`postgres16` → [16], `8.0.35` → [8, 0, 35]). */
export function versionOf(text: unknown): number[] | undefined {
  if (typeof text !== "string" || text.includes("${")) return undefined;
  const match = /(\d+(?:\.\d+)*)$/.exec(text.trim());
  return match ? match[1].split(".").map(Number) : undefined;
}

/** True when `version` is at least `minimum`, compared number by number. */
export function atLeast(version: readonly number[], minimum: readonly number[]): boolean {
  for (let i = 0; i < minimum.length; i++) {
    const part = version[i] ?? 0;
    if (part !== minimum[i]) return part > minimum[i];
  }
  return true;
}
