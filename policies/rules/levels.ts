/**
 * Severity presets shared by rules, so that tiers are treated alike:
 * staging and prod are strict, the short-lived tiers warn.
 */
import { Tier } from "../../lib/core/tiers";
import { RuleLevel } from "../rule";

/** Security controls: errors in staging and prod, warnings below. */
export const SECURITY: Readonly<Record<Tier, RuleLevel>> = Object.freeze({ preview: "warning", dev: "warning", test: "warning", staging: "error", prod: "error" });

/** Controls that hold in every tier (tagging, TTL, secrets). */
export const EVERY_TIER: Readonly<Record<Tier, RuleLevel>> = Object.freeze({ preview: "error", dev: "error", test: "error", staging: "error", prod: "error" });

/** Production-grade controls: run only in staging and prod. */
export const PRODUCTION: Readonly<Record<Tier, RuleLevel>> = Object.freeze({ preview: "off", dev: "off", test: "off", staging: "error", prod: "error" });

/** Advisories for production: an error in prod, a warning in staging, informational in test, off below. */
export const PROD_ADVISORY: Readonly<Record<Tier, RuleLevel>> = Object.freeze({ preview: "off", dev: "off", test: "info", staging: "warning", prod: "error" });
