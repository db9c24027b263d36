/**
 * Waivers: a documented, expiring exception to one rule for one resource (or
 * a construct subtree). Read from a JSON file and validated at the boundary;
 * every problem is reported at once.
 */
import { z } from "zod/v3";
import { PolicyInputError } from "./errors";
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
    const found = result.success ? [] : result.error.issues.map((issue) => `waiver ${index}${fieldOf(issue.path)}: ${issue.message}`);
    found.push(...crossFieldProblems(item).map((p) => `waiver ${index}${p}`));
    if (result.success && found.length === 0) waivers.push(result.data);
    problems.push(...found);
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

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

const text = (what: string) =>
  z.string({ required_error: `${what} is missing`, invalid_type_error: `${what} must be a string` }).trim().min(1, `${what} is empty`);

const WAIVER_SCHEMA = z
  .object({
    ruleId: text("ruleId"),
    resource: text("resource").optional(),
    constructPath: text("constructPath").optional(),
    stack: text("stack").optional(),
    reason: text("reason"),
    owner: text("owner").optional(),
    ticket: text("ticket").optional(),
    expires: text("expires").refine(isCalendarValid, {
      message: "expires must be a date YYYY-MM-DD or an ISO-8601 UTC instant such as 2026-03-31T18:00:00Z",
    }),
  })
  .strict();

/** Problems that involve two fields, checked on the raw input so they are reported with every other problem. */
function crossFieldProblems(item: unknown): string[] {
  if (!isObject(item)) return [];
  const given = (key: string) => typeof item[key] === "string" && (item[key] as string).trim() !== "";
  const problems: string[] = [];
  if (!given("resource") && !given("constructPath")) problems.push(" (resource): resource or constructPath is missing: say what the waiver covers");
  if (!given("owner") && !given("ticket")) problems.push(" (owner): owner or ticket is missing: say who answers for the waiver");
  return problems;
}

/** A date or instant in the accepted formats that names a real calendar day (no 2026-02-30). */
function isCalendarValid(value: string): boolean {
  if (!DATE_ONLY.test(value) && !INSTANT.test(value)) return false;
  const parsed = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 16) === (DATE_ONLY.test(value) ? `${value}T00:00` : value.slice(0, 16));
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
