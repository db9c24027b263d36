/**
 * Test helpers for policy rules: build Terraform JSON around a few resources
 * (GIVEN), evaluate one rule (WHEN), and return what was found (THEN).
 */
import { Tier } from "../../lib/core/tiers";
import { evaluate, Finding, loadTerraformJson, Rule, StackModel } from "../../policies/engine";
import { constructFormJson } from "./construct-form";

/** The fixed clock of every policy test. */
export const NOW = new Date("2026-01-15T12:00:00Z");

/** Resources as Terraform JSON: type → name → attributes. */
export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Default tags a compliant stack of `tier` carries. */
export function compliantTags(tier: Tier): Record<string, string> {
  const base = { environment: `env-${tier}`, tier, owner: "platform-team", "cost-centre": "cc-1234", "managed-by": "cdktf-envkit" };
  if (tier === "prod") return { ...base, lifecycle: "persistent" };
  return { ...base, lifecycle: "ephemeral", "expires-at": "2026-01-17T12:00:00Z" };
}

/** A cdktf-shaped configuration: array provider blocks with default tags, and the resources. */
export function tfJson(resources: Resources, options: StackOptions = {}): Record<string, unknown> {
  const tags = options.defaultTags ?? compliantTags(options.tier ?? "prod");
  return {
    provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags }] }] },
    resource: resources,
    ...(options.variable ? { variable: options.variable } : {}),
  };
}

/** Options of the stack builders. */
export interface StackOptions {
  readonly tier?: Tier;
  readonly defaultTags?: Record<string, string>;
  readonly variable?: Record<string, unknown>;
  readonly stackName?: string;
  readonly file?: string;
}

/** Loads `resources` as a stack of `tier` (prod unless said), named env-test unless said. */
export function stackOf(resources: Resources, options: StackOptions = {}): StackModel {
  const file = options.file ? { file: options.file } : {};
  return loadTerraformJson(tfJson(resources, options), { stackName: options.stackName ?? "env-test", tier: options.tier ?? "prod", now: NOW, ...file });
}

/**
 * Findings of one rule over `resources` in `tier` (prod unless said), in both
 * forms: raw Terraform JSON, and the same resources as cdktf constructs. It
 * fails when the two forms disagree, so every rule fixture covers both.
 */
export function findingsOf(rule: Rule, resources: Resources, options: StackOptions = {}): Finding[] {
  const raw = [...evaluate([rule], [stackOf(resources, options)], { now: NOW }).findings];
  const tier = options.tier ?? "prod";
  const json = constructFormJson(resources, options.defaultTags ?? compliantTags(tier), options.variable as Record<string, { default?: unknown }>, options.stackName);
  const constructs = evaluate([rule], [loadTerraformJson(json, { stackName: options.stackName ?? "env-test", tier, now: NOW })], { now: NOW }).findings;
  const comparable = (f: Finding) => `${f.ruleId} ${f.resource} ${f.severity} ${f.waived} ${f.message}`;
  expect(constructs.map(comparable)).toEqual(raw.map(comparable));
  // The same fixture with every literal written as an expression Terraform evaluates from literals alone: judged as the literal.
  for (const form of EXPRESSION_FORMS) {
    const wrapped = wrapLiterals(resources, form);
    const json = { ...tfJson(wrapped.resources, options), ...(Object.keys(wrapped.locals).length > 0 ? { locals: wrapped.locals } : {}), variable: { ...(options.variable ?? {}), ...wrapped.variables } };
    const stack = loadTerraformJson(json, { stackName: options.stackName ?? "env-test", tier, now: NOW });
    const found = evaluate([rule], [stack], { now: NOW }).findings.filter((f) => !f.resource.startsWith(`var.${WRAPPED_VARIABLE}`));
    expect({ form, findings: found.map(comparable) }).toEqual({ form, findings: raw.map(comparable) });
  }
  // Nothing is passed in silence: the flagged resource with every literal from a variable without a default (only the caller knows it) is still reported.
  if (!SILENT_WHEN_UNKNOWN[rule.id]) {
    for (const address of new Set(raw.filter((f) => f.severity !== "info").map((f) => f.resource))) {
      const [type, name] = address.split(".");
      if (!resources[type]?.[name]) continue;
      const unknown = unknownLiterals(resources[type][name]);
      const stack = loadTerraformJson({ ...tfJson({ ...resources, [type]: { ...resources[type], [name]: unknown.body } }, options), variable: { ...(options.variable ?? {}), ...unknown.variables } }, { stackName: options.stackName ?? "env-test", tier, now: NOW });
      const reported = evaluate([rule], [stack], { now: NOW }).findings.filter((f) => f.resource === address);
      expect({ address, unknownInputs: "reported", count: reported.length > 0 }).toEqual({ address, unknownInputs: "reported", count: true });
    }
  }
  // cdktf records construct paths for resources (variables carry none).
  for (const f of constructs.filter((c) => !c.resource.startsWith("var."))) expect(f.constructPath).toBe(`${options.stackName ?? "env-test"}/${f.resource.split(".")[1]}`);
  return raw;
}

/** Addresses of the resources a rule reports. */
export function flagged(rule: Rule, resources: Resources, options: StackOptions = {}): string[] {
  return findingsOf(rule, resources, options).map((f) => f.resource);
}

/** A reference string the way cdktf writes it. */
export function ref(address: string, attribute = "id"): string {
  return `\${${address}.${attribute}}`;
}

/** Rules that may pass a resource whose values all come from variables without defaults, and why. */
const SILENT_WHEN_UNKNOWN: Readonly<Record<string, string>> = {
  "ENV-SEC-001": "a secret passed in through a variable is the remedy; a variable's default is judged by ENV-SEC-003",
  "ENV-SEC-002": "a secret passed in through a variable is the remedy; a variable's default is judged by ENV-SEC-003",
  "ENV-SEC-008": "a secret passed in through a variable is the remedy; a variable's default is judged by ENV-SEC-003",
  "ENV-TAG-001": "a tag set from a variable is set: Terraform refuses to plan without the variable's value",
};

/** A resource body with every literal leaf replaced by a reference to a variable without a default. */
function unknownLiterals(body: Record<string, unknown>): { body: Record<string, unknown>; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  let n = 0;
  const blank = (value: unknown): unknown => {
    if (typeof value === "string" && value.includes("${")) return value;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      const id = `envkit_unknown_${n++}`;
      variables[id] = { type: "any" };
      return `\${var.${id}}`;
    }
    if (Array.isArray(value)) return value.map(blank);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, NOT_WRAPPED.has(k) ? v : blank(v)]));
    return value;
  };
  return { body: blank(body) as Record<string, unknown>, variables };
}

/** The expression forms a literal is wrapped in, each of which Terraform evaluates to the literal. */
const EXPRESSION_FORMS = ["interpolated", "function", "local", "variable", "template"] as const;
type ExpressionForm = (typeof EXPRESSION_FORMS)[number];
const WRAPPED_VARIABLE = "envkit_literal_";
/** Arguments that take no expression (meta-arguments), and comments: never wrapped. */
const NOT_WRAPPED = new Set(["//", "depends_on", "lifecycle", "provider", "dynamic"]);

/** An HCL string literal of `text`: escapes, and `${`/`%{` doubled so that they stay text. */
function hclString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t").replace(/\$\{/g, "$$$${").replace(/%\{/g, "%%{")}"`;
}

/** `resources` with every literal leaf (a string without an expression, a number, a boolean) written in `form`. */
function wrapLiterals(resources: Resources, form: ExpressionForm): { resources: Resources; locals: Record<string, unknown>; variables: Record<string, unknown> } {
  const locals: Record<string, unknown> = {};
  const variables: Record<string, unknown> = {};
  let n = 0;
  const wrap = (value: unknown): unknown => {
    if (typeof value === "string" && value.includes("${")) return value;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      const hcl = typeof value === "string" ? hclString(value) : String(value);
      const id = `${WRAPPED_VARIABLE}${n++}`;
      switch (form) {
        case "interpolated":
          return `\${${hcl}}`;
        case "function":
          return typeof value === "string" ? `\${join("", [${hcl}])}` : typeof value === "number" ? `\${max(${hcl})}` : `\${!${!value}}`;
        case "local":
          locals[id] = value;
          return `\${local.${id}}`;
        case "variable":
          variables[id] = { default: value };
          return `\${var.${id}}`;
        case "template":
          return typeof value === "string" ? `\${format("%s", ${hcl})}` : typeof value === "number" ? `\${${hcl} + 0}` : `\${${hcl} == true}`;
      }
    }
    if (Array.isArray(value)) return value.map(wrap);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, NOT_WRAPPED.has(k) ? v : wrap(v)]));
    return value;
  };
  const wrapped = Object.fromEntries(Object.entries(resources).map(([type, byName]) => [type, Object.fromEntries(Object.entries(byName).map(([name, body]) => [name, wrap(body) as Record<string, unknown>]))]));
  return { resources: wrapped, locals, variables };
}
