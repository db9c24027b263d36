/**
 * Time, in one place: the clock type, the one timestamp format the library
 * writes (ISO-8601 UTC to the second, `2026-11-20T09:00:00Z`), the parsers of
 * what it reads (instants, calendar days, durations) and the arithmetic on them.
 * Nothing here reads the system clock except `systemClock`.
 */

/** A source of the current time; passed in wherever time matters, so tests need no globals. */
export type Clock = () => Date;

/** The system clock. */
export const systemClock: Clock = () => new Date();

/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;

/** Hours in a day. */
export const HOURS_PER_DAY = 24;

/** An example instant, for messages that say what a valid one looks like. */
export const UTC_INSTANT_EXAMPLE = "2026-11-20T09:00:00Z";

/** What a valid instant looks like, for messages. */
export const UTC_INSTANT_HINT = `an ISO-8601 UTC instant such as ${UTC_INSTANT_EXAMPLE}`;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?Z$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parses an ISO-8601 UTC instant (`YYYY-MM-DDThh:mm[:ss[.fff]]Z`) that names a
 * real calendar time; undefined for anything else (offsets, 2026-02-30, 24:00).
 */
export function parseUtcInstant(value: unknown): Date | undefined {
  if (typeof value !== "string") return undefined;
  const match = INSTANT.exec(value);
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const fraction = match[7] ? Math.floor(Number(match[7]) * 1000) : 0;
  return calendarDate(y, mo, d, h, mi, s, fraction);
}

/** Parses a calendar day `YYYY-MM-DD` as its first instant (00:00:00Z); undefined unless it is a real day. */
export function parseUtcDay(value: unknown): Date | undefined {
  if (typeof value !== "string") return undefined;
  const match = DAY.exec(value);
  if (!match) return undefined;
  const [y, mo, d] = match.slice(1, 4).map(Number);
  return calendarDate(y, mo, d, 0, 0, 0, 0);
}

/**
 * The last instant a deadline written as a day or an instant still holds:
 * a day `YYYY-MM-DD` holds through its end (23:59:59.999Z), an instant exactly.
 * Undefined when the text is neither.
 */
export function parseDeadline(value: unknown): Date | undefined {
  const day = parseUtcDay(value);
  return day ? new Date(day.getTime() + HOURS_PER_DAY * HOUR_MS - 1) : parseUtcInstant(value);
}

/** Formats an instant the one way the library writes instants: `YYYY-MM-DDThh:mm:ssZ` (milliseconds dropped). */
export function formatUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `date` plus `hours`. */
export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * HOUR_MS);
}

/** Whole and fractional hours from `from` to `to` (negative when `to` is earlier). */
export function hoursBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / HOUR_MS;
}

/** A readable span such as `2d 3h`, `45m` or `-1d 2h` (for times left and overdue). */
export function formatSpan(hours: number): string {
  const sign = hours < 0 ? "-" : "";
  const minutes = Math.round(Math.abs(hours) * 60);
  const days = Math.floor(minutes / (HOURS_PER_DAY * 60));
  const h = Math.floor((minutes % (HOURS_PER_DAY * 60)) / 60);
  const m = minutes % 60;
  if (days > 0) return `${sign}${days}d${h > 0 ? ` ${h}h` : ""}`;
  if (h > 0) return `${sign}${h}h${m > 0 ? ` ${m}m` : ""}`;
  return `${sign}${m}m`;
}

/** What a duration looks like, for messages. */
export const DURATION_HINT = "a duration such as 90m, 48h or 7d";

/** Parses a duration `<n>m`, `<n>h` or `<n>d` (whole numbers) into hours; undefined when malformed or zero. */
export function parseDurationHours(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(\d{1,6})(m|h|d)$/.exec(value.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const hours = match[2] === "m" ? amount / 60 : match[2] === "h" ? amount : amount * HOURS_PER_DAY;
  return hours > 0 ? hours : undefined;
}

function calendarDate(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): Date | undefined {
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  const same =
    date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
  return same && y >= 1970 ? date : undefined;
}
