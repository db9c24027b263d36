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
