/**
 * The rule contract: one pure check over one resource's Terraform JSON (and
 * the stack around it), with a severity per tier and the public controls it
 * corresponds to.
 */
import type { BaselineControl, Tier } from "../lib/core/profile";
import { StackModel, TfResource } from "./model";

/** The area a rule belongs to; exactly one per rule. */
export type RuleCategory =
  | "encryption"
  | "public-exposure"
  | "network-ingress"
  | "logging"
  | "backup"
  | "versioning"
  | "deletion-protection"
  | "key-rotation"
  | "instance-metadata"
  | "tagging"
  | "ttl"
  | "isolation"
  | "iam"
  | "secrets"
  | "kubernetes-workload"
  | "cost"
  | "parity";

/** Every rule category, in documentation order. */
export const RULE_CATEGORIES: readonly RuleCategory[] = Object.freeze([
  "tagging",
  "ttl",
  "isolation",
  "encryption",
  "key-rotation",
  "public-exposure",
  "network-ingress",
  "instance-metadata",
  "logging",
  "backup",
  "versioning",
  "deletion-protection",
  "iam",
  "secrets",
  "kubernetes-workload",
  "cost",
  "parity",
] as const);

/** Severity of a finding. */
export type FindingSeverity = "error" | "warning" | "info";

/** What a rule does in a tier: report at a severity, or not run at all. */
export type RuleLevel = FindingSeverity | "off";

/** Public controls a rule corresponds to, so reports can be cross-read with other scanners. */
export interface RuleEquivalents {
  /** Checkov check ids, e.g. `CKV_AWS_19`. */
  readonly checkov?: readonly string[];
  /** Trivy (Aqua vulnerability database) ids, e.g. `AWS-0088`. */
  readonly trivy?: readonly string[];
  /** CIS AWS Foundations Benchmark recommendations, as `v<benchmark version> <number>`. */
  readonly cis?: readonly string[];
  /** AWS Foundational Security Best Practices (Security Hub) control ids, e.g. `CloudTrail.1`. */
  readonly fsbp?: readonly string[];
}

/** The outcome of one rule on one resource. */
export type RuleResult =
  | { readonly kind: "pass" }
  | { readonly kind: "fail"; readonly message: string; readonly severity?: FindingSeverity }
  | { readonly kind: "not-applicable" };

/** A policy rule: pure, deterministic, and independent of cdktf. */
export interface Rule {
  /** Stable id, `ENV-<AREA>-<NNN>`. */
  readonly id: string;
  /** One line saying what compliant looks like. */
  readonly title: string;
  /** The one area the rule belongs to. */
  readonly category: RuleCategory;
  /** Severity of a finding in each tier; `off` skips the rule there. */
  readonly severity: Readonly<Record<Tier, RuleLevel>>;
  /** Resource types the rule checks, or `*` for every taggable AWS resource. */
  readonly appliesTo: readonly string[] | "*";
  /** Matching public controls. Only ids that exist are listed; none is invented. */
  readonly equivalents: RuleEquivalents;
  /** How to fix a finding, naming the construct prop or Terraform argument. */
  readonly remediation: string;
  /**
   * The tier-profile control this rule enforces. When the environment declares
   * that control weakened (an override, recorded in the stack's metadata), a
   * finding below prod is a warning that names the override; in prod it stays an error.
   * @default - none: the rule's severity applies as it is
   */
  readonly control?: BaselineControl;
  /** Tiers in which no waiver can silence this rule. */
  readonly unwaivableIn?: readonly Tier[];
  /** The check. It never reads the clock or globals: `stack.now` is the time. */
  check(resource: TfResource, stack: StackModel): RuleResult;
}

/** The resource complies. */
export function pass(): RuleResult {
  return PASS;
}

/**
 * The resource does not comply. `message` says what was found (and, when
 * useful, what is allowed); `severity` lowers the rule's tier severity for
 * findings that are advisory, such as values that cannot be resolved.
 */
export function fail(message: string, options: { severity?: FindingSeverity } = {}): RuleResult {
  return options.severity ? { kind: "fail", message, severity: options.severity } : { kind: "fail", message };
}

/** The rule does not apply to this resource (e.g. an asymmetric key for a rotation rule). */
export function notApplicable(): RuleResult {
  return NOT_APPLICABLE;
}

const PASS: RuleResult = Object.freeze({ kind: "pass" });
const NOT_APPLICABLE: RuleResult = Object.freeze({ kind: "not-applicable" });
