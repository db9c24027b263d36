/**
 * Policy packs (named lists of rule objects for a set of tiers) and the policy
 * configuration that combines them: add packs or rules, turn a rule off for
 * some tiers, or change its severity, in a few lines.
 *
 * ```ts
 * const policy = definePolicy({
 *   packs: [baseline, production, kubernetes, myPack],
 *   disable: { "ENV-LOG-001": ["dev"] },
 *   severity: { "ENV-PUB-007": { staging: "error" } },
 * });
 * policy.rulesFor("prod");
 * ```
 */
import { DEFAULT_MAX_WAIVER_DAYS } from "./waiver-match";
import { TIERS, type Tier } from "../lib/core/profile";
import { PolicyInputError } from "./errors";
import { ALL_RULES } from "./rules/all-rules";
import { databaseAlarms } from "./rules/logging/database-alarms";
import { PRODUCTION } from "./rules/levels";
import type { Rule, RuleLevel } from "./rule";

/** A named list of rules, applied to some tiers. */
export interface Pack {
  /** Pack name, unique within a policy. */
  readonly name: string;
  /** What the pack is for. */
  readonly description: string;
  /** Tiers the pack applies to. */
  readonly tiers: readonly Tier[];
  /** The rules, each at its own per-tier severity. */
  readonly rules: readonly Rule[];
}

/**
 * Production-grade controls, for staging and prod: every rule that runs only
 * there (the PRODUCTION preset), and the database alarms, an advisory that
 * test sees at info yet belongs with the monitoring it advises on.
 */
const PRODUCTION_RULES: readonly Rule[] = ALL_RULES.filter((r) => TIERS.every((t) => r.severity[t] === PRODUCTION[t]) || r === databaseAlarms);
const KUBERNETES_RULES: readonly Rule[] = ALL_RULES.filter((r) => r.category === "kubernetes-workload");

/** Controls for every tier: tagging, TTL, encryption, key rotation, public exposure, ingress, IMDSv2, IAM, secrets, versioning, backup. */
export const baseline: Pack = Object.freeze<Pack>({
  name: "baseline",
  description: "Every tier: tagging, TTL, encryption, key rotation, public exposure, network ingress, IMDSv2, IAM, secrets, versioning and backups.",
  tiers: TIERS,
  rules: ALL_RULES.filter((r) => !PRODUCTION_RULES.includes(r) && !KUBERNETES_RULES.includes(r)),
});

/** Production-grade controls for staging and prod: access and flow logs, deletion protection. */
export const production: Pack = Object.freeze<Pack>({
  name: "production",
  description: "Staging and prod: access, audit and flow logs, database alarms and monitoring, edge protection and deletion protection.",
  tiers: ["staging", "prod"],
  rules: PRODUCTION_RULES,
});

/** Workload and namespace controls for the Kubernetes stacks. */
export const kubernetes: Pack = Object.freeze<Pack>({
  name: "kubernetes",
  description: "Kubernetes stacks: pod security (privileges, root, host namespaces, host paths, read-only root), resources, pinned images, namespace network policies and quotas.",
  tiers: TIERS,
  rules: KUBERNETES_RULES,
});

/** The built-in packs. */
export const BUILT_IN_PACKS: readonly Pack[] = Object.freeze([baseline, production, kubernetes]);

const BUILT_IN_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.id, r]));

/** Builds a pack, checking that its rule ids are unique. */
export function definePack(pack: Pack): Pack {
  const ids = pack.rules.map((r) => r.id);
  const duplicates = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (duplicates.length > 0) {
    throw new PolicyInputError(`definePack ${pack.name}: rule id${duplicates.length === 1 ? "" : "s"} ${duplicates.join(", ")} appear more than once; rule ids must be unique.`);
  }
  return Object.freeze({ ...pack });
}

/** What a user writes to configure policies. */
export interface PolicyConfigInput {
  /**
   * Packs to apply; each applies only to its tiers.
   * @default - baseline, production and kubernetes
   */
  readonly packs?: readonly Pack[];
  /**
   * Extra rules for every tier. Their ids must not be used by any other rule.
   * @default - none
   */
  readonly rules?: readonly Rule[];
  /**
   * Rules to turn off, by id, for some tiers (`"*"` for all).
   * @default - none
   */
  readonly disable?: Readonly<Record<string, readonly Tier[] | "*">>;
  /**
   * Severity overrides, by rule id and tier.
   * @default - each rule's own severity
   */
  readonly severity?: Readonly<Record<string, Partial<Record<Tier, RuleLevel>>>>;
  /**
   * The longest a waiver may run from the time of a check, in days: one that
   * expires later waives nothing, and a finding says why.
   * @default 90
   */
  readonly maxWaiverDays?: number;
}

/**
 * A policy configuration as data, for the environment manifest: the packs by
 * name and rule id, and for each tier the rules that run there at their
 * effective levels. Rules that are not built in are listed in `customRules`:
 * their checks are code, which only the synth can run.
 */
export interface PolicyConfigData {
  readonly packs: readonly { readonly name: string; readonly tiers: readonly Tier[]; readonly rules: readonly string[] }[];
  /** The longest a waiver may run from now, in days; absent in manifests written before it existed (90). */
  readonly maxWaiverDays?: number;
  readonly customRules: readonly string[];
  /** Per tier: rule id → level, for every rule that runs in the tier. */
  readonly tiers: Readonly<Record<Tier, Readonly<Record<string, RuleLevel>>>>;
}

/** A resolved policy: the effective rules of each tier. */
export interface PolicyConfig {
  /** Packs in force. */
  readonly packs: readonly Pack[];
  /** Effective rules of a tier, severities adjusted. */
  rulesFor(tier: Tier): readonly Rule[];
  /** The configuration as data (see `PolicyConfigData`). */
  toData(): PolicyConfigData;
  /** The longest a waiver may run from now, in days. */
  readonly maxWaiverDays: number;
}

/**
 * Resolves a policy configuration. Every rule id named in `disable` or
 * `severity` must exist, and no two different rules may share an id (a user
 * rule cannot take a built-in id); all problems are reported at once.
 */
export function definePolicy(input: PolicyConfigInput = {}): PolicyConfig {
  const packs = input.packs ?? BUILT_IN_PACKS;
  const problems: string[] = [];
  const byId = new Map<string, { rule: Rule; from: string }>();
  const register = (rule: Rule, from: string) => {
    const builtIn = BUILT_IN_BY_ID.get(rule.id);
    const known = byId.get(rule.id);
    if (builtIn && builtIn !== rule && !isSeverityVariant(rule, builtIn)) problems.push(`${from}: rule id ${rule.id} is a built-in rule's id; give your rule its own id (for example ACME-${rule.category.toUpperCase()}-001)`);
    else if (known && known.rule !== rule) problems.push(`${from}: rule id ${rule.id} is also used by a different rule in ${known.from}; rule ids must be unique`);
    else if (!known) byId.set(rule.id, { rule, from });
  };
  for (const pack of packs) for (const rule of pack.rules) register(rule, `pack ${pack.name}`);
  for (const rule of input.rules ?? []) register(rule, "rules");
  const unknown = [...new Set([...Object.keys(input.disable ?? {}), ...Object.keys(input.severity ?? {})])].filter((id) => !byId.has(id));
  if (unknown.length > 0) problems.push(`unknown rule id${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")} in disable/severity; known ids come from the packs and rules given (see docs/rules.md)`);
  if (input.maxWaiverDays !== undefined && (!Number.isInteger(input.maxWaiverDays) || input.maxWaiverDays < 1 || input.maxWaiverDays > 366)) problems.push(`maxWaiverDays: must be a whole number of days from 1 to 366; found ${JSON.stringify(input.maxWaiverDays)}`);
  for (const [id, tiers] of Object.entries(input.disable ?? {})) {
    if (tiers !== "*" && (!Array.isArray(tiers) || tiers.some((t) => !TIERS.includes(t)))) problems.push(`disable.${id}: must be "*" or a list of tiers (${TIERS.join(", ")})`);
  }
  if (problems.length > 0) throw new PolicyInputError(`definePolicy: ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n  - ${problems.join("\n  - ")}`);

  const cache = new Map<Tier, readonly Rule[]>();
  const maxWaiverDays = input.maxWaiverDays ?? DEFAULT_MAX_WAIVER_DAYS;
  return {
    packs,
    maxWaiverDays,
    rulesFor(tier: Tier): readonly Rule[] {
      let rules = cache.get(tier);
      if (!rules) cache.set(tier, (rules = resolveTier(input, packs, tier)));
      return rules;
    },
    toData(): PolicyConfigData {
      const isCustom = (rule: Rule) => BUILT_IN_BY_ID.get(rule.id) !== rule && !isSeverityVariant(rule, BUILT_IN_BY_ID.get(rule.id));
      return {
        packs: packs.map((p) => ({ name: p.name, tiers: [...p.tiers], rules: p.rules.map((r) => r.id) })),
        customRules: [...byId.values()].filter(({ rule }) => isCustom(rule)).map(({ rule }) => rule.id),
        tiers: Object.fromEntries(TIERS.map((tier) => [tier, Object.fromEntries(this.rulesFor(tier).map((r) => [r.id, r.severity[tier]]))])) as PolicyConfigData["tiers"],
        maxWaiverDays,
      };
    },
  };
}

/**
 * Rebuilds a policy from its data (the manifest) with the built-in rules, at
 * the levels recorded per tier. Custom rules cannot be rebuilt: they are left
 * out, and stay listed in `customRules`.
 */
export function policyFromData(data: PolicyConfigData): PolicyConfig {
  const custom = new Set(data.customRules);
  const unknown = new Set(Object.values(data.tiers).flatMap((levels) => Object.keys(levels)).filter((id) => !custom.has(id) && !BUILT_IN_BY_ID.has(id)));
  if (unknown.size > 0) {
    throw new PolicyInputError(`the manifest's policy names rule id${unknown.size === 1 ? "" : "s"} ${[...unknown].join(", ")}, which this version of the library does not have; check with the library version that synthesized it.`);
  }
  const perTier = new Map<Tier, readonly Rule[]>(
    TIERS.map((tier) => {
      const levels = Object.entries(data.tiers[tier] ?? {}).filter(([id]) => !custom.has(id));
      return [tier, Object.freeze(levels.map(([id, level]) => withLevel(BUILT_IN_BY_ID.get(id) as Rule, tier, level)))];
    }),
  );
  const packs = data.packs.map((p) => ({ name: p.name, description: "", tiers: p.tiers, rules: p.rules.filter((id) => !custom.has(id)).map((id) => BUILT_IN_BY_ID.get(id) as Rule) }));
  return { packs, rulesFor: (tier) => perTier.get(tier) ?? [], toData: () => data, maxWaiverDays: data.maxWaiverDays ?? DEFAULT_MAX_WAIVER_DAYS };
}

function withLevel(rule: Rule, tier: Tier, level: RuleLevel): Rule {
  return rule.severity[tier] === level ? rule : { ...rule, check: rule.check, severity: { ...rule.severity, [tier]: level } };
}

/** The effective rules of `tier` under `config`. */
export function rulesForTier(config: PolicyConfig, tier: Tier): readonly Rule[] {
  return config.rulesFor(tier);
}

/** The names of the packs that contain a rule. */
export function packsContaining(ruleId: string, packs: readonly Pack[] = BUILT_IN_PACKS): string[] {
  return packs.filter((p) => p.rules.some((r) => r.id === ruleId)).map((p) => p.name);
}

/** A copy of a built-in rule with other severities (what `severity` overrides produce) is that rule, not a new one. */
function isSeverityVariant(rule: Rule, builtIn: Rule | undefined): boolean {
  return builtIn !== undefined && rule.check === builtIn.check;
}

function resolveTier(input: PolicyConfigInput, packs: readonly Pack[], tier: Tier): readonly Rule[] {
  const byId = new Map<string, Rule>();
  for (const rule of [...packs.filter((p) => p.tiers.includes(tier)).flatMap((p) => p.rules), ...(input.rules ?? [])]) {
    if (!byId.has(rule.id)) byId.set(rule.id, rule);
  }
  const out: Rule[] = [];
  for (const rule of byId.values()) {
    const disabled = input.disable?.[rule.id];
    if (disabled === "*" || disabled?.includes(tier)) continue;
    const override = input.severity?.[rule.id]?.[tier];
    out.push(override === undefined ? rule : withLevel(rule, tier, override));
  }
  return Object.freeze(out);
}
