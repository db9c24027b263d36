/**
 * Whether sources of ingress open it to the whole internet: a CIDR block of
 * every address in any spelling (`0.0.0.0/0`, `::/0`, `0::0/0`, `0:0:0:0:0:0:0:0/0`),
 * or blocks that together cover every IPv4 or every IPv6 address
 * (`0.0.0.0/1` with `128.0.0.0/1`).
 */

/** An address range of one family, as the first and last address. */
interface Range {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

/** The range of a CIDR block, or undefined when it is not one. */
export function cidrRange(text: string): Range | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const prefix = Number(match[2]);
  const v4 = ipv4(match[1]);
  const address = v4 ?? ipv6(match[1]);
  if (address === undefined) return undefined;
  const bits = v4 !== undefined ? 32 : 128;
  if (prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const first = (address / size) * size;
  return { family: v4 !== undefined ? 4 : 6, first, last: first + size - 1n };
}

function ipv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => (n << 8n) + BigInt(Number(p)), 0n);
}

function ipv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text) || (text.match(/::/g) ?? []).length > 1) return undefined;
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...tailGroups];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** The sources among `sources` that, alone or together, cover every address of a family; empty when they do not. */
export function internetSources(sources: readonly string[]): string[] {
  const found: string[] = [];
  for (const family of [4, 6] as const) {
    const mine = sources.map((s) => [s, cidrRange(s)] as const).filter(([, r]) => r?.family === family) as [string, Range][];
    const ranges = mine.map(([, r]) => r).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    const top = family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
    let covered = -1n;
    for (const r of ranges) {
      if (r.first > covered + 1n) break;
      if (r.last > covered) covered = r.last;
    }
    if (covered >= top) found.push(...mine.map(([s]) => s));
  }
  return found;
}
