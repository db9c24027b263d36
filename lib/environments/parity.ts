/**
 * Parity between a staging environment and prod: staging rehearses what prod
 * runs. Differences the tiers make on purpose (their presets, the
 * organization's per-tier config) are expected; every other difference must be
 * declared with a reason in one of the two specs (`parity.allow`).
 *
 * - ENV-PAR-001: staging runs every service prod runs.
 * - ENV-PAR-002: with the same image (and template) as prod.
 * - ENV-PAR-003: any other difference (a config value, a change to the tier's
 *   preset, a service's sizing) is declared as allowed.
 */
import { tierProfile } from "../core/tiers";
import type { ParityAllowance, ResolvedEnvironment } from "./types";

export type { ParityAllowance };


/** One parity problem between a staging environment and prod. */
export interface ParityFinding {
  readonly ruleId: "ENV-PAR-001" | "ENV-PAR-002" | "ENV-PAR-003";
  /** The staging environment. */
  readonly environment: string;
  /** What differs, as a path. */
  readonly path: string;
  readonly message: string;
}

/** The parity rules, for documentation. */
export const PARITY_RULES = Object.freeze([
  { id: "ENV-PAR-001", title: "Staging runs every service prod runs" },
  { id: "ENV-PAR-002", title: "Staging runs each service with the image and template prod runs" },
  { id: "ENV-PAR-003", title: "Any other difference between staging and prod (config values, changes to the tier presets, service sizing) is declared in parity.allow with a reason" },
] as const);

/** The profile sections an environment may override, as `overrides.<section>` names them, with its values. */
export function profileSections(env: Pick<ResolvedEnvironment, "sizing" | "security" | "retention">): readonly (readonly ["sizing" | "security" | "lifecycle", Readonly<Record<string, unknown>>])[] {
  return [
    ["sizing", env.sizing],
    ["security", env.security],
    ["lifecycle", env.retention],
  ];
}

/** Sizing, security and lifecycle values an environment sets differently from its tier's preset. */
export function presetDeviations(env: ResolvedEnvironment): Map<string, unknown> {
  const profile = tierProfile(env.tier);
  const presets: Record<string, Readonly<Record<string, unknown>>> = { sizing: profile.sizing, security: profile.security, lifecycle: profile.lifecycle };
  const out = new Map<string, unknown>();
  for (const [section, actual] of profileSections(env)) {
    for (const [field, value] of Object.entries(actual)) {
      if (JSON.stringify(value) !== JSON.stringify(presets[section][field])) out.set(`overrides.${section}.${field}`, value);
    }
  }
  return out;
}

/** Parity findings of `staging` against `prod`; empty when they are in parity. */
export function parityFindings(staging: ResolvedEnvironment, prod: ResolvedEnvironment): ParityFinding[] {
  const allowed = new Map([...staging.parityAllowances, ...prod.parityAllowances].map((a) => [a.path, a.reason]));
  const findings: ParityFinding[] = [];
  const add = (ruleId: ParityFinding["ruleId"], path: string, message: string) => findings.push({ ruleId, environment: staging.name, path, message });
  const undeclared = (path: string) => !allowed.has(path);

  const stagingServices = new Map((staging.kubernetes?.services ?? []).map((s) => [s.name, s]));
  for (const service of prod.kubernetes?.services ?? []) {
    const rehearsed = stagingServices.get(service.name);
    if (!rehearsed) {
      add("ENV-PAR-001", `services.${service.name}`, `prod runs service "${service.name}" (${service.image}), which staging does not: add it to ${staging.name}'s services, so that every release is rehearsed`);
      continue;
    }
    if (rehearsed.image !== service.image) add("ENV-PAR-002", `services.${service.name}.image`, `runs ${rehearsed.image}, prod runs ${service.image}: staging rehearses the image prod runs`);
    if (rehearsed.template !== service.template) add("ENV-PAR-002", `services.${service.name}.template`, `uses template "${rehearsed.template}", prod "${service.template}"`);
    for (const field of ["cpuMillicores", "memoryMiB"] as const) {
      // Sizes differ by tier; a service's own override that prod does not mirror is a difference to declare.
      const stagingOwn = rehearsed[field] !== tierDefault(staging, field);
      const prodOwn = service[field] !== tierDefault(prod, field);
      const path = `services.${service.name}.${field}`;
      if ((stagingOwn || prodOwn) && rehearsed[field] !== service[field] && undeclared(path)) add("ENV-PAR-003", path, `is ${rehearsed[field]} in staging and ${service[field]} in prod, set on the service rather than by the tiers`);
    }
  }

  const keys = new Set([...Object.keys(staging.config), ...Object.keys(prod.config)]);
  for (const key of keys) {
    const path = `config.${key}`;
    if (staging.config[key] === prod.config[key] || !undeclared(path)) continue;
    // The organization's per-tier layer differs by tier on purpose.
    if (staging.configTierKeys.includes(key) || prod.configTierKeys.includes(key)) continue;
    if (!(key in staging.config) || !(key in prod.config)) continue; // config parity reports a missing key
    const secret = key in staging.secretConfig || key in prod.secretConfig;
    add("ENV-PAR-003", path, secret ? "references a different secret in staging than in prod" : `is ${JSON.stringify(staging.config[key])} in staging and ${JSON.stringify(prod.config[key])} in prod`);
  }

  const stagingChanges = presetDeviations(staging);
  const prodChanges = presetDeviations(prod);
  for (const path of new Set([...stagingChanges.keys(), ...prodChanges.keys()])) {
    if (!undeclared(path)) continue;
    const where = stagingChanges.has(path) && prodChanges.has(path) ? `both change the tier preset, staging to ${JSON.stringify(stagingChanges.get(path))} and prod to ${JSON.stringify(prodChanges.get(path))}` : stagingChanges.has(path) ? `staging changes its tier preset to ${JSON.stringify(stagingChanges.get(path))}` : `prod changes its tier preset to ${JSON.stringify(prodChanges.get(path))}`;
    if (stagingChanges.has(path) && prodChanges.has(path) && JSON.stringify(stagingChanges.get(path)) === JSON.stringify(prodChanges.get(path))) continue;
    add("ENV-PAR-003", path, `${where}, which the other does not mirror`);
  }
  return findings;
}

function tierDefault(env: ResolvedEnvironment, field: "cpuMillicores" | "memoryMiB"): number {
  return field === "cpuMillicores" ? env.sizing.k8sContainerCpuMillicores : env.sizing.k8sContainerMemoryMiB;
}

/** The advice every parity message ends with. */
export const PARITY_ADVICE = 'make staging match prod, or declare the difference in parity.allow: [{ path, reason: "..." }] on staging or prod';
