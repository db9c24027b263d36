/**
 * Severity presets shared by rules, so that tiers are treated alike:
 * exposure and secrets are errors everywhere; other security controls are
 * strict in staging and prod and warn below.
 */
import type { Tier } from "../../lib/core/profile";
import type { FindingSeverity, RuleLevel } from "../rule";

/** Security controls: errors in staging and prod, warnings below. */
export const SECURITY: Readonly<Record<Tier, RuleLevel>> = Object.freeze({ preview: "warning", dev: "warning", test: "warning", staging: "error", prod: "error" });

/** A security control's finding in `tier`: an error in staging and prod, a warning below (for exposure judged milder, e.g. behind an internal load balancer). */
export function securitySeverity(tier: Tier): FindingSeverity {
  return SECURITY[tier] === "error" ? "error" : "warning";
}

/** Controls that hold in every tier (tagging, TTL). */
export const EVERY_TIER: Readonly<Record<Tier, RuleLevel>> = Object.freeze({ preview: "error", dev: "error", test: "error", staging: "error", prod: "error" });

/** Public exposure, internet ingress and secrets: an error in every tier, whatever its sizing. */
export const EXPOSURE: Readonly<Record<Tier, RuleLevel>> = EVERY_TIER;

/** Advice in every tier: never an error. */
export const WARNING: Readonly<Record<Tier, RuleLevel>> = Object.freeze({ preview: "warning", dev: "warning", test: "warning", staging: "warning", prod: "warning" });

/** Production-grade controls: run only in staging and prod. */
export const PRODUCTION: Readonly<Record<Tier, RuleLevel>> = Object.freeze({ preview: "off", dev: "off", test: "off", staging: "error", prod: "error" });

/** Advisories for production: an error in prod, a warning in staging, informational in test, off below. */
export const PROD_ADVISORY: Readonly<Record<Tier, RuleLevel>> = Object.freeze({ preview: "off", dev: "off", test: "info", staging: "warning", prod: "error" });
