/**
 * IPv4 CIDR arithmetic for environment network ranges: parsing, overlap checks
 * and carving a VPC range into equal subnets.
 */

/** A parsed IPv4 CIDR block. */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0 to 32. */
  readonly prefix: number;
}

/** Octets and prefix without leading zeros: Terraform and AWS refuse `010.0.0.0/16`. */
const NUMBER = "(0|[1-9]\\d{0,2})";
const CIDR_PATTERN = new RegExp(`^${NUMBER}\\.${NUMBER}\\.${NUMBER}\\.${NUMBER}\\/(0|[1-9]\\d?)$`);

/**
 * Parses `a.b.c.d/n`. Returns an error text instead of throwing, so that
 * validation can collect it with every other problem.
 */
export function parseCidr(text: string): Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return `"${text}" is not an IPv4 CIDR block of the form a.b.c.d/n (decimal numbers without leading zeros)`;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255)) return `"${text}" has an octet above 255`;
  if (prefix > 32) return `"${text}" has a prefix length above 32`;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const network = (address & mask(prefix)) >>> 0;
  if (network !== address) {
    return `"${text}" has host bits set; the network address is ${formatCidr({ network, prefix })}`;
  }
  return { network, prefix };
}

/** True when two blocks share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const shorter = Math.min(a.prefix, b.prefix);
  return ((a.network & mask(shorter)) >>> 0) === ((b.network & mask(shorter)) >>> 0);
}

/** Formats a block as `a.b.c.d/n`. */
export function formatCidr(cidr: Cidr): string {
  const n = cidr.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${cidr.prefix}`;
}

/**
 * Splits `parent` into `2^extraBits` equal blocks and returns block `index`.
 * Mirrors Terraform's `cidrsubnet(parent, extraBits, index)`.
 */
export function subnetOf(parent: Cidr, extraBits: number, index: number): Cidr {
  const prefix = parent.prefix + extraBits;
  if (prefix > 32 || index < 0 || index >= 2 ** extraBits) {
    throw new RangeError(`cannot take subnet ${index} of ${formatCidr(parent)} with ${extraBits} extra bits`);
  }
  const size = 2 ** (32 - prefix);
  return { network: (parent.network + index * size) >>> 0, prefix };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}
