/**
 * Policy packs (named lists of rules for a set of tiers) and the policy
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
import { Tier, TIERS } from "../lib/core/tiers";
import { PolicyInputError } from "./errors";
import { ALL_RULES } from "./rules/all-rules";
import { Rule, RuleCategory, RuleLevel } from "./rule";

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

const BASELINE_CATEGORIES: readonly RuleCategory[] = ["tagging", "ttl", "encryption", "key-rotation", "public-exposure", "network-ingress", "instance-metadata", "iam", "secrets", "versioning", "backup"];
const PRODUCTION_RULE_IDS: readonly string[] = ["ENV-LOG-001", "ENV-LOG-002", "ENV-LOG-003", "ENV-DEL-001", "ENV-DEL-002", "ENV-PUB-007"];

/** Controls for every tier: tagging, TTL, encryption, public exposure, ingress, IMDS, key rotation, IAM, secrets, versioning, backup. */
export const baseline: Pack = Object.freeze<Pack>({
  name: "baseline",
  description: "Every tier: tagging, TTL, encryption, key rotation, public exposure, network ingress, IMDSv2, IAM, secrets, versioning and backups.",
  tiers: TIERS,
  rules: ALL_RULES.filter((r) => BASELINE_CATEGORIES.includes(r.category) && !PRODUCTION_RULE_IDS.includes(r.id)),
});

/** Production-grade controls for staging and prod: logging, deletion protection, public IPs. */
export const production: Pack = Object.freeze<Pack>({
  name: "production",
  description: "Staging and prod: access logs, flow logs, deletion protection and no public instance addresses.",
  tiers: ["staging", "prod"],
  rules: ALL_RULES.filter((r) => PRODUCTION_RULE_IDS.includes(r.id)),
});

/** Workload and namespace controls for the Kubernetes stacks. */
export const kubernetes: Pack = Object.freeze<Pack>({
  name: "kubernetes",
  description: "Kubernetes stacks: pod security (privileges, root, host namespaces, host paths, read-only root), resources, pinned images, namespace network policies and quotas.",
  tiers: TIERS,
  rules: ALL_RULES.filter((r) => r.category === "kubernetes-workload"),
});

/** The built-in packs. */
export const BUILT_IN_PACKS: readonly Pack[] = Object.freeze([baseline, production, kubernetes]);

/** Builds a pack, checking that its rule ids are unique. */
export function definePack(pack: Pack): Pack {
  assertUnique(pack.rules.map((r) => r.id), `pack ${pack.name}`);
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
   * Extra rules for every tier.
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
}

/** A resolved policy: the effective rules of each tier. */
export interface PolicyConfig {
  /** Packs in force. */
  readonly packs: readonly Pack[];
  /** Effective rules of a tier, severities adjusted. */
  rulesFor(tier: Tier): readonly Rule[];
}

/**
 * Resolves a policy configuration. Every rule id named in `disable` or
 * `severity` must exist; all unknown ids are reported at once.
 */
export function definePolicy(input: PolicyConfigInput = {}): PolicyConfig {
  const packs = input.packs ?? BUILT_IN_PACKS;
  const known = new Set([...packs.flatMap((p) => p.rules), ...(input.rules ?? [])].map((r) => r.id));
  const unknown = [...Object.keys(input.disable ?? {}), ...Object.keys(input.severity ?? {})].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new PolicyInputError(`definePolicy: unknown rule id${unknown.length === 1 ? "" : "s"} ${[...new Set(unknown)].join(", ")} in disable/severity. Known ids come from the packs and rules given (see docs/rules.md).`);
  }
  const cache = new Map<Tier, readonly Rule[]>();
  return {
    packs,
    rulesFor(tier: Tier): readonly Rule[] {
      let rules = cache.get(tier);
      if (!rules) cache.set(tier, (rules = resolveTier(input, packs, tier)));
      return rules;
    },
  };
}

/** The effective rules of `tier` under `config`. */
export function rulesForTier(config: PolicyConfig, tier: Tier): readonly Rule[] {
  return config.rulesFor(tier);
}

/** The names of the packs that contain a rule. */
export function packsContaining(ruleId: string, packs: readonly Pack[] = BUILT_IN_PACKS): string[] {
  return packs.filter((p) => p.rules.some((r) => r.id === ruleId)).map((p) => p.name);
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
    out.push(override === undefined ? rule : { ...rule, check: rule.check, severity: { ...rule.severity, [tier]: override } });
  }
  return Object.freeze(out);
}

function assertUnique(ids: readonly string[], where: string): void {
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length > 0) throw new PolicyInputError(`${where}: rule id${dup.length === 1 ? "" : "s"} ${[...new Set(dup)].join(", ")} appear more than once; rule ids must be unique.`);
}
