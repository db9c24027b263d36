/**
 * Security group ingress in its three Terraform forms (inline blocks on
 * aws_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule),
 * normalized so that port rules are written once.
 */
import { TfResource } from "../../model";
import { fail, pass, RuleResult } from "../../rule";
import { blocks, numberValue, unknownValue } from "../helpers";

/** Resource types that open ingress. */
export const INGRESS_TYPES: readonly string[] = ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"];

/** Sources that mean "the whole internet". */
export const INTERNET = ["0.0.0.0/0", "::/0"];

interface IngressEntry {
  readonly where: string;
  readonly protocol: string;
  readonly from: unknown;
  readonly to: unknown;
  readonly sources: readonly string[];
}

/**
 * Checks every internet-facing ingress entry of `resource` against `ports`
 * (`all` matches only entries that open every port).
 */
export function checkInternetIngress(resource: TfResource, ports: readonly number[] | "all", what: string): RuleResult {
  const open: string[] = [];
  const unknown: string[] = [];
  for (const entry of ingressEntries(resource)) {
    const internet = entry.sources.filter((s) => INTERNET.includes(s));
    if (internet.length === 0) continue;
    const range = portRange(entry);
    if (range === "unresolved") unknown.push(`${entry.where} (ports ${String(entry.from)}-${String(entry.to)})`);
    else if (range && (ports === "all" ? range.all : ports.some((p) => range.from <= p && p <= range.to))) {
      open.push(`${entry.where} opens ${range.all ? "all ports" : `${range.from}-${range.to}/${entry.protocol}`} to ${internet.join(", ")}`);
    }
  }
  if (open.length > 0) return fail(`${open.join("; ")}: ${what} are reachable from the internet`);
  if (unknown.length > 0) return unknownValue(`internet-facing ingress with ports that could not be resolved: ${unknown.join("; ")}; use literal ports so the policy can verify them`);
  return pass();
}

function ingressEntries(resource: TfResource): IngressEntry[] {
  const a = resource.attributes;
  if (resource.type === "aws_security_group") {
    return blocks(a.ingress).map((rule, i) => ({
      where: `ingress[${i}]`,
      protocol: String(rule.protocol ?? ""),
      from: rule.from_port,
      to: rule.to_port,
      sources: [...strings(rule.cidr_blocks), ...strings(rule.ipv6_cidr_blocks)],
    }));
  }
  if (resource.type === "aws_security_group_rule") {
    if (a.type !== "ingress") return [];
    return [{ where: "rule", protocol: String(a.protocol ?? ""), from: a.from_port, to: a.to_port, sources: [...strings(a.cidr_blocks), ...strings(a.ipv6_cidr_blocks)] }];
  }
  return [{ where: "rule", protocol: String(a.ip_protocol ?? ""), from: a.from_port, to: a.to_port, sources: [...strings(a.cidr_ipv4), ...strings(a.cidr_ipv6)] }];
}

const ALL_PROTOCOLS = new Set(["-1", "all"]);
const PORT_PROTOCOLS = new Set(["tcp", "udp", "6", "17"]);

function portRange(entry: IngressEntry): { from: number; to: number; all: boolean } | "unresolved" | undefined {
  if (ALL_PROTOCOLS.has(entry.protocol.toLowerCase())) return { from: 0, to: 65535, all: true };
  if (!PORT_PROTOCOLS.has(entry.protocol.toLowerCase())) return entry.protocol.includes("${") ? "unresolved" : undefined;
  const from = numberValue(entry.from);
  const to = numberValue(entry.to);
  if (from === "unresolved" || to === "unresolved") return "unresolved";
  const low = from ?? 0;
  const high = to ?? 65535;
  return { from: low, to: high, all: low <= 0 && high >= 65535 };
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
