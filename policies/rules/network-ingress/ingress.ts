/**
 * Security group ingress in its three Terraform forms (inline blocks on
 * aws_security_group, aws_security_group_rule, aws_vpc_security_group_ingress_rule),
 * normalized so that port rules are written once.
 */
import { StackModel, TfResource } from "../../model";
import { fail, pass, RuleResult } from "../../rule";
import { blocks, numberValue, unknownValue } from "../helpers";
import { internetSources } from "./internet";

/** Resource types that open ingress. */
export const INGRESS_TYPES: readonly string[] = ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"];

interface IngressEntry {
  readonly where: string;
  readonly protocol: string;
  readonly from: unknown;
  readonly to: unknown;
  readonly sources: readonly string[];
  /** Why the entry cannot be read at all (a dynamic block over an unknown collection). */
  readonly unknown?: string;
}

/**
 * Checks every internet-facing ingress entry of `resource` against `ports`
 * (`all` matches only entries that open every port).
 */
export function checkInternetIngress(resource: TfResource, stack: StackModel, ports: readonly number[] | "all", what: string): RuleResult {
  const open: string[] = [];
  const unknown: string[] = [];
  for (const written of ingressEntries(resource)) {
    const entry = { ...written, sources: written.sources.flatMap((s) => configuredSource(s, stack)) };
    if (entry.unknown) {
      unknown.push(entry.unknown);
      continue;
    }
    const internet = internetSources(entry.sources);
    // A source only apply knows (another resource's computed attribute, a variable without a value) may be the internet: reported, never passed.
    const unresolved = entry.sources.filter((s) => s.includes("${"));
    if (internet.length === 0 && unresolved.length === 0) continue;
    const range = portRange(entry);
    if (range === undefined) continue;
    const matches = range !== "unresolved" && (ports === "all" ? range.all : ports.some((p) => range.from <= p && p <= range.to));
    if (range !== "unresolved" && !matches) continue;
    if (range !== "unresolved" && internet.length > 0) open.push(`${entry.where} opens ${range.all ? "all ports" : `${range.from}-${range.to}/${entry.protocol}`} to ${internet.join(", ")}`);
    else if (internet.length > 0) unknown.push(`${entry.where} is open to ${internet.join(", ")} on ports ${String(entry.from)}-${String(entry.to)}/${entry.protocol}, which could not be resolved`);
    else unknown.push(`${entry.where} admits ${unresolved.join(", ")}, which could not be resolved`);
  }
  if (open.length > 0) return fail(`${open.join("; ")}: ${what} are reachable from the internet`);
  if (unknown.length > 0) return unknownValue(`ingress that may reach ${what} from the internet: ${unknown.join("; ")}; use literal values (or values Terraform computes from literals) so the policy can verify them`);
  return pass();
}

function ingressEntries(resource: TfResource): IngressEntry[] {
  const a = resource.attributes;
  if (resource.type === "aws_security_group") {
    // A dynamic ingress over a collection only apply knows generates rules no one can read before apply.
    const dynamic = blocks(a.dynamic).flatMap((d) => blocks(d.ingress)).map((d) => ({ where: 'dynamic "ingress"', protocol: "", from: undefined, to: undefined, sources: [], unknown: `dynamic "ingress" generates rules from ${JSON.stringify(d.for_each)}, which could not be resolved` }));
    return [...dynamic, ...blocks(a.ingress).map((rule, i) => ({
      where: `ingress[${i}]`,
      protocol: String(rule.protocol ?? ""),
      from: rule.from_port,
      to: rule.to_port,
      sources: [...strings(rule.cidr_blocks), ...strings(rule.ipv6_cidr_blocks)],
    }))];
  }
  if (resource.type === "aws_security_group_rule") {
    if (typeof a.type === "string" && a.type.includes("${")) return [{ where: "rule", protocol: "", from: undefined, to: undefined, sources: [], unknown: `rule has type ${JSON.stringify(a.type)}, which could not be resolved to ingress or egress` }];
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

/**
 * A source that names another resource's argument (`${aws_vpc.main.cidr_block}`)
 * is what that resource was configured with, when it was configured from
 * literals: Terraform plans the argument as written. Anything else stays as written.
 */
function configuredSource(source: string, stack: StackModel): string[] {
  const match = /^\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}$/.exec(source);
  if (!match) return [source];
  const [target] = stack.referencedResources(source, match[1]).filter((r) => r.name === match[2]);
  const value = target && target.attributes.count === undefined && target.attributes.for_each === undefined ? target.attributes[match[3]] : undefined;
  const values = typeof value === "string" ? [value] : Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : [];
  return values.length > 0 && values.every((v) => !v.includes("${")) ? values : [source];
}
