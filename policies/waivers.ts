/**
 * Waivers: a documented, expiring exception to one rule for one resource (or
 * a construct subtree). Read from a JSON file and validated at the boundary;
 * every problem is reported at once.
 */
import { PolicyInputError } from "./errors";
import { WAIVER_SCHEMA } from "./waiver-schema";
import type { Waiver } from "./waiver-match";

export { findWaiver, isExpired, waiverExpiry, waiverMatches, waiverTarget, type WaivableFinding, type Waiver } from "./waiver-match";

/** A waivers file: an array of waivers, or `{ "waivers": [...] }`. */
export function parseWaivers(json: unknown, source = "waivers file"): Waiver[] {
  const list = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.waivers) ? json.waivers : undefined;
  if (!list) {
    throw new PolicyInputError(`${source}: expected a JSON array of waivers or an object {"waivers": [...]}; found ${describe(json)}.`);
  }
  const problems: string[] = [];
  const waivers: Waiver[] = [];
  list.forEach((item, index) => {
    const result = WAIVER_SCHEMA.safeParse(item);
    if (result.success) waivers.push(result.data);
    else problems.push(...result.error.issues.map((issue) => `waiver ${index}${fieldOf(issue.path)}: ${issue.message}`));
  });
  if (problems.length > 0) {
    throw new PolicyInputError(
      `${source}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in waivers:\n  - ${problems.join("\n  - ")}\n` +
        `Each waiver needs ruleId, resource or constructPath, a non-empty reason, owner or ticket, and expires (YYYY-MM-DD).`,
    );
  }
  return waivers;
}

/** Parses the text of a waivers file. */
export function parseWaiversJson(text: string, source = "waivers file"): Waiver[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PolicyInputError(`${source}: not valid JSON (${(cause as Error).message}). A waivers file is a JSON array of waivers.`);
  }
  return parseWaivers(json, source);
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "" : ` (${path.map(String).join(".")})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describe(json: unknown): string {
  if (Array.isArray(json)) return "an array";
  if (isObject(json)) return `an object with keys ${Object.keys(json).join(", ") || "(none)"}`;
  return json === null ? "null" : `a ${typeof json}`;
}
