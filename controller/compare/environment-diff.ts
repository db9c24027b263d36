/**
 * The effective difference between two environments, as their synth resolved
 * them: identity and lifecycle, sizing, security baseline, retention,
 * configuration (secrets masked), services and cost. Each row says why it
 * differs where that is known: the tiers' presets, a declared parity
 * allowance, or a parity finding.
 */
import type { ResolvedEnvironment } from "../../lib/environments/types";
import { parityFindings, presetDeviations, profileSections, type ParityFinding } from "../../lib/environments/parity";
import type { EnvironmentCost } from "../cost/report";

/** One differing setting. */
export interface DifferenceRow {
  readonly section: "environment" | "sizing" | "security" | "lifecycle" | "config" | "services" | "cost";
  /** The setting, as a path (`sizing.dbInstanceClass`, `config.log-level`, `services.api.image`). */
  readonly path: string;
  /** The values, as text; `-` when the setting is absent. */
  readonly a: string;
  readonly b: string;
  /** Why it differs, when known: `tier preset`, `organization's tier config`, `allowed: <reason>`, or the parity rule it breaks. */
  readonly note: string;
}

/** The difference of two environments. */
export interface EnvironmentDiff {
  readonly a: string;
  readonly b: string;
  readonly differences: readonly DifferenceRow[];
  /** Parity findings when one is staging and the other prod. */
  readonly parity: readonly ParityFinding[];
}

const ABSENT = "-";
const text = (value: unknown): string => (value === undefined ? ABSENT : typeof value === "string" ? value : JSON.stringify(value));

/** Compares `a` with `b`; `costs` (by environment name) adds the estimate and budget rows. */
export function diffEnvironments(a: ResolvedEnvironment, b: ResolvedEnvironment, costs: ReadonlyMap<string, EnvironmentCost> = new Map()): EnvironmentDiff {
  const rows: DifferenceRow[] = [];
  const staging = a.tier === "staging" && b.tier === "prod" ? a : b.tier === "staging" && a.tier === "prod" ? b : undefined;
  const prod = staging === a ? b : staging === b ? a : undefined;
  const parity = staging && prod ? parityFindings(staging, prod) : [];
  // Allowances declare what may differ between staging and prod; between other environments they say nothing.
  const allowed = new Map(staging && prod ? [...a.parityAllowances, ...b.parityAllowances].map((x) => [x.path, x.reason]) : []);
  const deviationsA = presetDeviations(a);
  const deviationsB = presetDeviations(b);

  /** Why a setting differs: a parity finding, a declared allowance, a tier preset, or an override. */
  const noteFor = (path: string, overridePath?: string): string => {
    const finding = parity.find((f) => f.path === path || f.path === overridePath);
    if (finding) return `${finding.ruleId}: ${finding.message}`;
    const reason = allowed.get(path) ?? (overridePath ? allowed.get(overridePath) : undefined);
    if (reason !== undefined) return `allowed: ${reason}`;
    if (overridePath && !deviationsA.has(overridePath) && !deviationsB.has(overridePath)) return "tier preset";
    if (overridePath) return [deviationsA.has(overridePath) ? `${a.name} overrides its tier` : "", deviationsB.has(overridePath) ? `${b.name} overrides its tier` : ""].filter(Boolean).join("; ");
    return "";
  };
  const compare = (section: DifferenceRow["section"], path: string, va: unknown, vb: unknown, note: string) => {
    if (text(va) !== text(vb)) rows.push({ section, path, a: text(va), b: text(vb), note });
  };

  compare("environment", "tier", a.tier, b.tier, "");
  compare("environment", "region", a.region, b.region, "");
  compare("environment", "account", a.account, b.account, "");
  compare("environment", "cidr", a.cidr, b.cidr, "each environment has its own range");
  compare("environment", "availabilityZones", a.availabilityZones.join(", "), b.availabilityZones.join(", "), "");
  compare("environment", "owner", a.owner, b.owner, "");
  compare("environment", "lifecycle", a.lifecycle.kind, b.lifecycle.kind, "");
  compare("environment", "expiresAt", a.lifecycle.kind === "ephemeral" ? a.lifecycle.expiresAt : undefined, b.lifecycle.kind === "ephemeral" ? b.lifecycle.expiresAt : undefined, "");

  const sectionsOfB = new Map(profileSections(b));
  for (const [section, va] of profileSections(a)) {
    const vb = sectionsOfB.get(section) ?? {};
    for (const field of Object.keys(va)) compare(section, `${section}.${field}`, va[field], vb[field], noteFor(`overrides.${section}.${field}`, `overrides.${section}.${field}`));
  }

  for (const key of [...new Set([...Object.keys(a.config), ...Object.keys(b.config)])].sort()) {
    const shown = (env: ResolvedEnvironment) => (key in env.secretConfig ? "(secret)" : env.config[key]);
    const path = `config.${key}`;
    const differentSecrets = key in a.secretConfig && key in b.secretConfig && a.secretConfig[key] !== b.secretConfig[key];
    const source = configSource(key, a, b);
    const note = noteFor(path) || source;
    if (differentSecrets) rows.push({ section: "config", path, a: "(secret)", b: "(secret)", note: noteFor(path) || `references different secrets; ${source}` });
    else compare("config", path, shown(a), shown(b), note);
  }

  const servicesA = new Map((a.kubernetes?.services ?? []).map((s) => [s.name, s]));
  const servicesB = new Map((b.kubernetes?.services ?? []).map((s) => [s.name, s]));
  for (const name of [...new Set([...servicesA.keys(), ...servicesB.keys()])].sort()) {
    const sa = servicesA.get(name);
    const sb = servicesB.get(name);
    if (!sa || !sb) {
      rows.push({ section: "services", path: `services.${name}`, a: sa ? sa.image : ABSENT, b: sb ? sb.image : ABSENT, note: noteFor(`services.${name}`) });
      continue;
    }
    for (const field of ["image", "template", "minReplicas", "maxReplicas", "cpuMillicores", "memoryMiB"] as const) {
      const path = `services.${name}.${field}`;
      const sized = field !== "image" && field !== "template";
      compare("services", path, sa[field], sb[field], noteFor(path) || (sized ? "tier sizing" : ""));
    }
  }

  const ca = costs.get(a.name);
  const cb = costs.get(b.name);
  if (ca && cb) {
    compare("cost", "cost.monthlyUsd", ca.monthlyUsd.toFixed(2), cb.monthlyUsd.toFixed(2), "estimate (envctl cost)");
    compare("cost", "cost.budgetUsd", ca.budgetUsd?.toFixed(2), cb.budgetUsd?.toFixed(2), "");
  }
  return { a: a.name, b: b.name, differences: rows, parity };
}

/** Where two environments' values of a config key come from: their own config, the organization's tier config, or its base. */
function configSource(key: string, a: ResolvedEnvironment, b: ResolvedEnvironment): string {
  const own = [a, b].filter((env) => env.configOwnKeys.includes(key)).map((env) => env.name);
  if (own.length === 2) return "each environment sets its own value (config)";
  if (own.length === 1) return `${own[0]} sets its own value (config); the other has the organization's`;
  if (a.configTierKeys.includes(key) || b.configTierKeys.includes(key)) return "organization's tier config";
  if (!(key in a.config) || !(key in b.config)) return "set in one environment only (config.environmentSpecific)";
  return "organization's base config";
}
