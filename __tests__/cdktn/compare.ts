/**
 * The two flavours' stacks side by side: resource types and counts per
 * environment, and every value of every stack's JSON, path by path.
 */

type StackJson = { resource?: Record<string, Record<string, unknown>> };

/** Per resource type, its count in each stack, on each flavour. */
export interface CountRow {
  readonly type: string;
  readonly cdktf: readonly number[];
  readonly cdktn: readonly number[];
}

/** A value the two flavours write differently, and the stacks where they do. */
export interface Difference {
  readonly path: string;
  readonly cdktf: unknown;
  readonly cdktn: unknown;
  readonly stacks: readonly string[];
}

/** Every leaf of a JSON value, as path and value: nested blocks by index. */
function leaves(value: unknown, prefix = ""): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, `${prefix}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => leaves(item, prefix ? `${prefix}.${key}` : key));
  return [[prefix, JSON.stringify(value)]];
}

const typesOf = (json: StackJson) => Object.entries(json.resource ?? {}).map(([type, byName]) => [type, Object.keys(byName).length] as const);

/** Resource types and counts of each stack (in the order given), on each flavour. */
export function countRows(stacks: readonly string[], cdktf: ReadonlyMap<string, StackJson>, cdktn: ReadonlyMap<string, StackJson>): CountRow[] {
  const count = (side: ReadonlyMap<string, StackJson>, stack: string, type: string) => Object.keys(side.get(stack)?.resource?.[type] ?? {}).length;
  const types = [...new Set([...cdktf.values(), ...cdktn.values()].flatMap((json) => typesOf(json).map(([type]) => type)))].sort();
  return types.map((type) => ({ type, cdktf: stacks.map((s) => count(cdktf, s, type)), cdktn: stacks.map((s) => count(cdktn, s, type)) }));
}

/** Every path whose value differs between the flavours (a path only one writes included), with the stacks where it does. */
export function differences(stacks: readonly string[], cdktf: ReadonlyMap<string, StackJson>, cdktn: ReadonlyMap<string, StackJson>): Difference[] {
  const found = new Map<string, { cdktf: unknown; cdktn: unknown; stacks: string[] }>();
  for (const stack of stacks) {
    const left = new Map(leaves(cdktf.get(stack)));
    const right = new Map(leaves(cdktn.get(stack)));
    for (const path of new Set([...left.keys(), ...right.keys()])) {
      if (left.get(path) === right.get(path)) continue;
      const [a, b] = [left.get(path), right.get(path)].map((v) => (v === undefined ? undefined : JSON.parse(v)));
      const key = `${path} ${JSON.stringify([a, b])}`;
      const entry = found.get(key) ?? { cdktf: a, cdktn: b, stacks: [] as string[] };
      entry.stacks.push(stack);
      found.set(key, entry);
    }
  }
  return [...found.entries()].map(([key, d]) => ({ path: key.slice(0, key.indexOf(" ")), ...d }));
}

/** The side-by-side table docs/cdktn.md shows. */
export function countsMarkdown(stacks: readonly string[], rows: readonly CountRow[]): string {
  const head = `| resource type | ${stacks.map((s) => `${s}<br>cdktf / cdktn`).join(" | ")} |`;
  const rule = `|---|${stacks.map(() => "---:|").join("")}`;
  const lines = rows.map((row) => `| \`${row.type}\` | ${row.cdktf.map((n, i) => `${n} / ${row.cdktn[i]}`).join(" | ")} |`);
  const total = (side: "cdktf" | "cdktn", i: number) => rows.reduce((sum, r) => sum + r[side][i], 0);
  return [head, rule, ...lines, `| **all resources** | ${stacks.map((_, i) => `${total("cdktf", i)} / ${total("cdktn", i)}`).join(" | ")} |`, ""].join("\n");
}
