/**
 * The estate report: everything envctl knows of each environment, gathered
 * once from the files a CI job already has (cdktf.out, lifecycle records,
 * release ledgers, local states, a status or drift result), for the HTML site
 * and the Markdown overview to render. Building it reads nothing from AWS:
 * live health and drift are gathered by the command and handed in.
 */
import type { Tier } from "../../lib/core/tiers";
import { formatUtc } from "../../lib/core/time";
import type { Ledger } from "../../lib/releases/ledger";
import type { ResolvedEnvironment } from "../../lib/environments/types";
import type { Finding } from "../../policies/engine";
import type { FindingSeverity } from "../../policies/rule";
import type { ManifestEnvironment } from "../../stacks/app/manifest";
import { diffEnvironments, type DifferenceRow } from "../compare/environment-diff";
import type { CostReport, EnvironmentCost } from "../cost/report";
import type { DestroyedEntry, EstateEntry } from "../lifecycle/estate";
import type { HealthCheck } from "../status/checks";

/** Health as `envctl status --format json` reports it, or as read live. */
export interface HealthInput {
  readonly name: string;
  readonly healthy: boolean;
  readonly checks: readonly HealthCheck[];
}

/** Drift as `envctl drift --format json` reports it, or as read live. */
export interface DriftInput {
  readonly name: string;
  readonly drifted: boolean;
  readonly error?: string;
  readonly stacks: readonly {
    readonly stack: string;
    readonly drifted: readonly { readonly address: string; readonly type: string; readonly change: string; readonly attributes: readonly { readonly path: string }[] }[];
    readonly pending: readonly { readonly address: string; readonly actions: readonly string[] }[];
    readonly notDeployed?: boolean;
  }[];
}

/** What the report is built from. */
export interface ReportSources {
  readonly now: Date;
  /** Live environments of the estate (synth, records, states), and destroyed ones. */
  readonly live: readonly EstateEntry[];
  readonly destroyed: readonly DestroyedEntry[];
  /** The manifest's environments, by name: what only a synth knows (resolved spec, release, stacks' files). */
  readonly synthesized: ReadonlyMap<string, ManifestEnvironment>;
  /** Policy findings of every synthesized stack, waived ones included. */
  readonly findings: readonly Finding[];
  /** Resources by stack name, from the synthesized Terraform JSON. */
  readonly resources: ReadonlyMap<string, readonly { readonly type: string; readonly address: string }[]>;
  readonly costs: CostReport;
  readonly ledgers: ReadonlyMap<string, Ledger>;
  /** Where health came from, and what it said; absent when not asked for. */
  readonly health?: { readonly source: string; readonly environments: readonly HealthInput[] };
  readonly drift?: { readonly source: string; readonly environments: readonly DriftInput[] };
}

/** Counts of findings by severity (unwaived), and of waived ones. */
export interface FindingCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly waived: number;
}

/** One event of an environment's history, newest first in the report. */
export interface HistoryEvent {
  readonly at: string;
  readonly kind: "deployed" | "approved" | "promoted" | "rolled back" | "break glass";
  readonly release: string;
  readonly by: string;
  readonly detail: string;
}

/** One environment, as the report shows it. */
export interface EnvironmentReport {
  readonly name: string;
  readonly tier: Tier;
  readonly owner: string;
  /** `synth`, or where else envctl knows it from (a preview's record, a state). */
  readonly knownFrom: EstateEntry["knownFrom"];
  readonly lifecycle: "ephemeral" | "persistent";
  readonly expiresAt: string | null;
  readonly hoursLeft: number | null;
  readonly expired: boolean;
  readonly backend: string;
  readonly stacks: readonly string[];
  /** The last deploy the ledger records, else the last write of its local state. */
  readonly lastDeploy: { readonly at: string; readonly by: string | null; readonly release: string | null; readonly commit: string | null; readonly dirty: boolean } | null;
  /** Null when health was not asked for, or the environment was not in the result given. */
  readonly health: { readonly healthy: boolean; readonly failed: readonly HealthCheck[]; readonly checks: number } | null;
  readonly drift: { readonly drifted: boolean; readonly resources: readonly string[]; readonly pending: number; readonly error?: string; readonly notDeployed: boolean } | null;
  readonly findingCounts: FindingCounts;
  readonly findings: readonly Finding[];
  /** Null for an environment with no synthesized stacks. */
  readonly cost: Pick<EnvironmentCost, "monthlyUsd" | "budgetUsd" | "budgetedUsd" | "resources" | "unpriced"> | null;
  readonly release: {
    readonly id: string;
    readonly promoted: boolean;
    readonly requiresPromotion: boolean;
    readonly lastPromoted: string | null;
    readonly refusal: string | null;
    readonly approvals: number;
    readonly approvalsNeeded: number;
    readonly breakGlass: string | null;
  } | null;
  readonly resourceTypes: readonly { readonly type: string; readonly count: number }[];
  /** Its config, secrets shown as references, never values. */
  readonly config: readonly { readonly key: string; readonly value: string; readonly masked: boolean }[];
  readonly services: readonly { readonly name: string; readonly template: string; readonly image: string; readonly replicas: string; readonly cpu: string; readonly memory: string }[];
  readonly namespace: string | null;
  readonly history: readonly HistoryEvent[];
  /** Its difference from its parity partner (staging and prod), when both are synthesized. */
  readonly parity: { readonly partner: string; readonly differences: readonly DifferenceRow[]; readonly findings: readonly string[] } | null;
}

/** The whole report. */
export interface EstateReport {
  readonly generatedAt: string;
  readonly environments: readonly EnvironmentReport[];
  readonly destroyed: readonly DestroyedEntry[];
  /** Where health and drift came from; null when not given. */
  readonly healthSource: string | null;
  readonly driftSource: string | null;
  readonly prices: CostReport["prices"];
  /** Findings per category and severity, over every environment (unwaived). */
  readonly findingsByCategory: readonly { readonly category: string; readonly error: number; readonly warning: number; readonly info: number }[];
}

/** Config keys whose values are shown masked even when they are plain text: the key names a secret. */
const SECRET_KEY = /secret|passw(or)?d|passwd|token|api[-_]?key|private[-_]?key|credential|auth/i;

/** Builds the report; environments in the estate's order (the app's, then previews and states by name). */
export function buildEstateReport(sources: ReportSources): EstateReport {
  const environments = sources.live.map((entry) => environmentReport(entry, sources));
  const categories = new Map<string, Record<FindingSeverity, number>>();
  for (const f of sources.findings) {
    if (f.waived) continue;
    const row = categories.get(f.category) ?? { error: 0, warning: 0, info: 0 };
    row[f.severity] += 1;
    categories.set(f.category, row);
  }
  return {
    generatedAt: formatUtc(sources.now),
    environments,
    destroyed: sources.destroyed,
    healthSource: sources.health?.source ?? null,
    driftSource: sources.drift?.source ?? null,
    prices: sources.costs.prices,
    findingsByCategory: [...categories].map(([category, counts]) => ({ category, ...counts })).sort((a, b) => b.error - a.error || b.warning - a.warning || b.info - a.info || a.category.localeCompare(b.category)),
  };
}

function environmentReport(entry: EstateEntry, sources: ReportSources): EnvironmentReport {
  const synthesized = sources.synthesized.get(entry.name);
  const stacks = entry.stacks.map((s) => s.name);
  const findings = sources.findings.filter((f) => stacks.includes(f.stack));
  const ledger = sources.ledgers.get(entry.name);
  const cost = sources.costs.environments.find((c) => c.name === entry.name);
  const health = sources.health?.environments.find((h) => h.name === entry.name);
  const drift = sources.drift?.environments.find((d) => d.name === entry.name);
  const resolved = synthesized?.resolved;
  return {
    name: entry.name,
    tier: entry.tier,
    owner: entry.owner,
    knownFrom: entry.knownFrom,
    lifecycle: entry.lifecycle,
    expiresAt: entry.expiresAt,
    hoursLeft: entry.hoursLeft,
    expired: entry.expired,
    backend: entry.backend,
    stacks,
    lastDeploy: lastDeployOf(ledger, entry.lastDeploy),
    health: health ? { healthy: health.healthy, failed: health.checks.filter((c) => !c.ok), checks: health.checks.length } : null,
    drift: drift
      ? {
          drifted: drift.drifted,
          resources: drift.stacks.flatMap((s) => s.drifted.map((r) => `${r.address} (${r.change === "delete" ? "deleted" : r.attributes.map((a) => a.path).join(", ")})`)),
          pending: drift.stacks.reduce((n, s) => n + s.pending.length, 0),
          notDeployed: drift.stacks.length > 0 && drift.stacks.every((s) => s.notDeployed === true),
          ...(drift.error ? { error: drift.error } : {}),
        }
      : null,
    findingCounts: countFindings(findings),
    findings: [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || Number(a.waived) - Number(b.waived) || a.ruleId.localeCompare(b.ruleId) || a.resource.localeCompare(b.resource)),
    cost: cost ? { monthlyUsd: cost.monthlyUsd, budgetUsd: cost.budgetUsd, budgetedUsd: cost.budgetedUsd, resources: cost.resources, unpriced: cost.unpriced } : null,
    release: releaseOf(synthesized, ledger),
    resourceTypes: resourceTypesOf(stacks, sources.resources),
    config: resolved ? configOf(resolved) : [],
    services: (resolved?.kubernetes?.services ?? []).map((s) => ({
      name: s.name,
      template: s.template,
      image: s.image,
      replicas: s.minReplicas === s.maxReplicas ? String(s.minReplicas) : `${s.minReplicas}-${s.maxReplicas}`,
      cpu: `${s.cpuMillicores}m`,
      memory: `${s.memoryMiB} MiB`,
    })),
    namespace: resolved?.kubernetes?.namespace ?? null,
    history: historyOf(ledger),
    parity: parityOf(entry, sources),
  };
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts = { error: 0, warning: 0, info: 0, waived: 0 };
  for (const f of findings) {
    if (f.waived) counts.waived += 1;
    else counts[f.severity] += 1;
  }
  return counts;
}

function lastDeployOf(ledger: Ledger | undefined, stateWrittenAt: string | null): EnvironmentReport["lastDeploy"] {
  const last = ledger?.deployments.at(-1);
  if (last) return { at: last.deployedAt, by: last.deployedBy, release: last.release, commit: last.revision.commit, dirty: last.revision.dirty };
  return stateWrittenAt ? { at: stateWrittenAt, by: null, release: null, commit: null, dirty: false } : null;
}

function releaseOf(env: ManifestEnvironment | undefined, ledger: Ledger | undefined): EnvironmentReport["release"] {
  const release = env?.release;
  if (!release) return null;
  const approvals = new Set((ledger?.approvals ?? []).filter((a) => a.release === release.id).map((a) => a.approver)).size;
  return {
    id: release.id,
    promoted: release.promoted,
    requiresPromotion: release.policy.requiresPromotion,
    lastPromoted: release.lastPromoted ?? null,
    refusal: release.refusal ?? null,
    approvals,
    approvalsNeeded: release.policy.approvals,
    breakGlass: release.breakGlass ?? null,
  };
}

function resourceTypesOf(stacks: readonly string[], resources: ReportSources["resources"]): EnvironmentReport["resourceTypes"] {
  const counts = new Map<string, number>();
  for (const stack of stacks) for (const r of resources.get(stack) ?? []) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
}

function configOf(env: ResolvedEnvironment): EnvironmentReport["config"] {
  return Object.keys(env.config)
    .sort()
    .map((key) => {
      if (key in env.secretConfig) return { key, value: `(secret: ${env.secretConfig[key]})`, masked: true };
      if (SECRET_KEY.test(key)) return { key, value: "(masked: the key names a secret)", masked: true };
      return { key, value: env.config[key], masked: false };
    });
}

function historyOf(ledger: Ledger | undefined): HistoryEvent[] {
  if (!ledger) return [];
  const events: HistoryEvent[] = [
    ...ledger.deployments.map((d) => ({
      at: d.deployedAt,
      kind: "deployed" as const,
      release: d.release,
      by: d.deployedBy,
      detail: [d.revision.commit ? `commit ${d.revision.commit.slice(0, 12)}${d.revision.dirty ? " (uncommitted changes)" : ""}` : "no commit", d.healthyAt ? `healthy at ${d.healthyAt}` : "no health check recorded"].join("; "),
    })),
    ...ledger.approvals.map((a) => ({ at: a.at, kind: "approved" as const, release: a.release, by: a.approver, detail: "" })),
    ...ledger.promotions.map((p) => ({ at: p.at, kind: p.rollback ? ("rolled back" as const) : ("promoted" as const), release: p.release, by: p.by, detail: `from ${p.from}; approved by ${p.approvers.join(", ") || "nobody"}` })),
    ...(ledger.breakGlass ?? []).map((b) => ({ at: b.at, kind: "break glass" as const, release: b.release, by: b.by, detail: b.reason })),
  ];
  return events.sort((a, b) => b.at.localeCompare(a.at));
}

/** Staging and prod are each other's parity partner; the difference is the one `envctl diff` shows. */
function parityOf(entry: EstateEntry, sources: ReportSources): EnvironmentReport["parity"] {
  const partnerTier = entry.tier === "staging" ? "prod" : entry.tier === "prod" ? "staging" : undefined;
  const self = sources.synthesized.get(entry.name);
  if (!partnerTier || !self) return null;
  const partner = [...sources.synthesized.values()].find((e) => e.tier === partnerTier);
  if (!partner) return null;
  const costs = new Map(sources.costs.environments.map((c) => [c.name, c]));
  const diff = diffEnvironments(self.resolved, partner.resolved, costs);
  return { partner: partner.name, differences: diff.differences, findings: diff.parity.map((p) => `[${p.ruleId}] ${p.message}`) };
}
