/**
 * Terraform's built-in functions that a configuration applies to literals,
 * evaluated as Terraform evaluates them. A function not here, or called with
 * arguments it does not take, gives `UNKNOWN`: the value is then what only
 * Terraform knows, and rules report it as unknown.
 */

/** The value of what cannot be evaluated statically. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Value = unknown;

const isList = (v: unknown): v is unknown[] => Array.isArray(v);
const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | typeof UNKNOWN => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : UNKNOWN);

/** `format`'s verbs that print a value as a string (%s, %v, %d, %q, %%). */
function format(spec: unknown, ...args: unknown[]): Value {
  if (typeof spec !== "string") return UNKNOWN;
  let i = 0;
  let failed = false;
  const out = spec.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sdvq])/g, (match, verb: string) => {
    if (verb === "%") return "%";
    const value = args[i++];
    const kind = verb[verb.length - 1];
    if (kind === "d") {
      if (typeof value !== "number" || !Number.isInteger(value)) failed = true;
      return String(value);
    }
    if (kind === "q") return JSON.stringify(str(value));
    const text = str(value);
    if (text === UNKNOWN) failed = true;
    return match.length > 2 ? match : String(text);
  });
  return failed ? UNKNOWN : out;
}

/** The functions, by name. Each returns UNKNOWN for arguments it cannot judge. */
export const FUNCTIONS: Readonly<Record<string, (...args: unknown[]) => Value>> = {
  join: (separator, ...lists) => (typeof separator === "string" && lists.every(isList) ? lists.flat().every((v) => str(v) !== UNKNOWN) ? lists.flat().map((v) => str(v)).join(separator) : UNKNOWN : UNKNOWN),
  concat: (...lists) => (lists.every(isList) ? lists.flat() : UNKNOWN),
  format,
  lower: (s) => (typeof s === "string" ? s.toLowerCase() : UNKNOWN),
  upper: (s) => (typeof s === "string" ? s.toUpperCase() : UNKNOWN),
  title: (s) => (typeof s === "string" ? s.replace(/\b\w/g, (c) => c.toUpperCase()) : UNKNOWN),
  trimspace: (s) => (typeof s === "string" ? s.trim() : UNKNOWN),
  chomp: (s) => (typeof s === "string" ? s.replace(/(\r?\n)+$/, "") : UNKNOWN),
  trim: (s, cut) => (typeof s === "string" && typeof cut === "string" ? s.replace(new RegExp(`^[${escapeClass(cut)}]+|[${escapeClass(cut)}]+$`, "g"), "") : UNKNOWN),
  trimprefix: (s, p) => (typeof s === "string" && typeof p === "string" ? (s.startsWith(p) ? s.slice(p.length) : s) : UNKNOWN),
  trimsuffix: (s, p) => (typeof s === "string" && typeof p === "string" ? (p && s.endsWith(p) ? s.slice(0, -p.length) : s) : UNKNOWN),
  // A substring replacement; a /regex/ pattern is Terraform's RE2, which is not reproduced here.
  replace: (s, from, to) => (typeof s === "string" && typeof from === "string" && typeof to === "string" && !/^\/.*\/$/.test(from) ? s.split(from).join(to) : UNKNOWN),
  split: (separator, s) => (typeof separator === "string" && typeof s === "string" ? s.split(separator) : UNKNOWN),
  substr: (s, offset, length) => (typeof s === "string" && typeof offset === "number" && typeof length === "number" ? [...s].slice(offset < 0 ? s.length + offset : offset, length < 0 ? undefined : (offset < 0 ? s.length + offset : offset) + length).join("") : UNKNOWN),
  element: (list, index) => (isList(list) && list.length > 0 && typeof index === "number" && index >= 0 ? list[Math.floor(index) % list.length] : UNKNOWN),
  index: (list, value) => {
    const found = isList(list) ? list.findIndex((v) => JSON.stringify(v) === JSON.stringify(value)) : -1;
    return found < 0 ? UNKNOWN : found;
  },
  lookup: (map, key, fallback) => (isMap(map) && typeof key === "string" ? (key in map ? map[key] : fallback === undefined ? UNKNOWN : fallback) : UNKNOWN),
  length: (v) => (isList(v) ? v.length : isMap(v) ? Object.keys(v).length : typeof v === "string" ? [...v].length : UNKNOWN),
  tolist: (v) => (isList(v) ? v : UNKNOWN),
  toset: (v) => (isList(v) ? dedupe(v) : UNKNOWN),
  tomap: (v) => (isMap(v) ? v : UNKNOWN),
  tostring: (v) => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : UNKNOWN),
  tonumber: (v) => (typeof v === "number" ? v : typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : UNKNOWN),
  tobool: (v) => (typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : UNKNOWN),
  flatten: (v) => (isList(v) ? flattenDeep(v) : UNKNOWN),
  distinct: (v) => (isList(v) ? dedupe(v) : UNKNOWN),
  compact: (v) => (isList(v) && v.every((x) => typeof x === "string" || x === null) ? v.filter((x) => x !== "" && x !== null) : UNKNOWN),
  reverse: (v) => (isList(v) ? [...v].reverse() : UNKNOWN),
  sort: (v) => (isList(v) && v.every((x) => typeof x === "string") ? [...(v as string[])].sort() : UNKNOWN),
  coalesce: (...values) => values.find((v) => v !== null && v !== "") ?? UNKNOWN,
  coalescelist: (...lists) => (lists.every(isList) ? (lists.find((l) => l.length > 0) ?? UNKNOWN) : UNKNOWN),
  contains: (list, value) => (isList(list) ? list.some((v) => JSON.stringify(v) === JSON.stringify(value)) : UNKNOWN),
  keys: (map) => (isMap(map) ? Object.keys(map).sort() : UNKNOWN),
  values: (map) => (isMap(map) ? Object.keys(map).sort().map((k) => map[k]) : UNKNOWN),
  merge: (...maps) => (maps.every(isMap) ? Object.assign({}, ...maps) : UNKNOWN),
  zipmap: (keys, values) => (isList(keys) && isList(values) && keys.length === values.length && keys.every((k) => typeof k === "string") ? Object.fromEntries(keys.map((k, i) => [k, values[i]])) : UNKNOWN),
  min: (...n) => (n.length > 0 && n.every((x) => typeof x === "number") ? Math.min(...(n as number[])) : UNKNOWN),
  max: (...n) => (n.length > 0 && n.every((x) => typeof x === "number") ? Math.max(...(n as number[])) : UNKNOWN),
  abs: (n) => (typeof n === "number" ? Math.abs(n) : UNKNOWN),
  ceil: (n) => (typeof n === "number" ? Math.ceil(n) : UNKNOWN),
  floor: (n) => (typeof n === "number" ? Math.floor(n) : UNKNOWN),
  range: (...n) => (n.every((x) => typeof x === "number") && n.length >= 1 && n.length <= 3 ? rangeOf(n as number[]) : UNKNOWN),
  cidrsubnet: (prefix, newbits, netnum) => (typeof prefix === "string" && typeof newbits === "number" && typeof netnum === "number" ? cidrSubnet(prefix, newbits, netnum) : UNKNOWN),
  one: (v) => (isList(v) && v.length <= 1 ? (v.length === 0 ? null : v[0]) : UNKNOWN),
  slice: (list, start, end) => (isList(list) && typeof start === "number" && typeof end === "number" && start >= 0 && end <= list.length && start <= end ? list.slice(start, end) : UNKNOWN),
  setunion: (...sets) => (sets.every(isList) ? dedupe(sets.flat()) : UNKNOWN),
  setintersection: (first, ...rest) => (isList(first) && rest.every(isList) ? dedupe(first.filter((v) => rest.every((r) => (r as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify(v))))) : UNKNOWN),
  setsubtract: (a, b) => (isList(a) && isList(b) ? dedupe(a.filter((v) => !b.some((x) => JSON.stringify(x) === JSON.stringify(v)))) : UNKNOWN),
  sum: (list) => (isList(list) && list.length > 0 && list.every((x) => typeof x === "number") ? (list as number[]).reduce((a, b) => a + b, 0) : UNKNOWN),
  alltrue: (list) => (isList(list) && list.every((x) => typeof x === "boolean" || x === "true" || x === "false") ? list.every((x) => x === true || x === "true") : UNKNOWN),
  anytrue: (list) => (isList(list) && list.every((x) => typeof x === "boolean" || x === "true" || x === "false") ? list.some((x) => x === true || x === "true") : UNKNOWN),
  startswith: (s, p) => (typeof s === "string" && typeof p === "string" ? s.startsWith(p) : UNKNOWN),
  endswith: (s, p) => (typeof s === "string" && typeof p === "string" ? s.endsWith(p) : UNKNOWN),
  strrev: (s) => (typeof s === "string" ? [...s].reverse().join("") : UNKNOWN),
  formatlist: (spec, ...args) => {
    const length = args.find(isList)?.length;
    if (length === undefined) return UNKNOWN;
    if (args.some((a) => isList(a) && a.length !== length)) return UNKNOWN;
    const out = Array.from({ length }, (_, i) => format(spec, ...args.map((a) => (isList(a) ? a[i] : a))));
    return out.includes(UNKNOWN) ? UNKNOWN : out;
  },
  base64encode: (s) => (typeof s === "string" ? Buffer.from(s, "utf8").toString("base64") : UNKNOWN),
  base64decode: (s) => (typeof s === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 ? Buffer.from(s, "base64").toString("utf8") : UNKNOWN),
  jsonencode: (v) => JSON.stringify(v),
  jsondecode: (s) => {
    if (typeof s !== "string") return UNKNOWN;
    try {
      return JSON.parse(s);
    } catch {
      return UNKNOWN;
    }
  },
};

/** `cidrsubnet`: the `netnum`th block of `newbits` more bits inside `prefix`, in the spelling Terraform prints. */
function cidrSubnet(prefix: string, newbits: number, netnum: number): Value {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(prefix);
  if (!match || !Number.isInteger(newbits) || !Number.isInteger(netnum) || newbits < 0 || netnum < 0) return UNKNOWN;
  const v4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(match[1]);
  if (!v4) return UNKNOWN;
  const octets = match[1].split(".").map(Number);
  if (octets.some((o) => o > 255)) return UNKNOWN;
  const bits = Number(match[2]) + newbits;
  if (Number(match[2]) > 32 || bits > 32 || netnum >= 2 ** newbits) return UNKNOWN;
  const base = octets.reduce((n, o) => n * 256 + o, 0);
  const size = 2 ** (32 - Number(match[2]));
  const network = Math.floor(base / size) * size + netnum * 2 ** (32 - bits);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join(".")}/${bits}`;
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(JSON.stringify(v)) ? false : (seen.add(JSON.stringify(v)), true)));
}

function flattenDeep(values: unknown[]): unknown[] {
  return values.flatMap((v) => (isList(v) ? flattenDeep(v) : [v]));
}

function rangeOf([a, b, c]: number[]): unknown[] | typeof UNKNOWN {
  const [start, limit, step] = b === undefined ? [0, a, 1] : [a, b, c ?? (a <= b ? 1 : -1)];
  if (step === 0 || Math.abs((limit - start) / step) > 1024) return UNKNOWN;
  const out: number[] = [];
  for (let x = start; step > 0 ? x < limit : x > limit; x += step) out.push(x);
  return out;
}

function escapeClass(text: string): string {
  return text.replace(/[\]\\^-]/g, "\\$&");
}
