/**
 * The overview as one compact Markdown table, for a pull request comment or a
 * CI summary: the same columns as the site's overview, one line per environment.
 */
import type { EnvironmentReport, EstateReport } from "./model";
import { dollars, timeLeft } from "./html/format";

/** The overview in Markdown; every value escaped so that a name or tag cannot break the table or add markup. */
export function overviewMarkdown(report: EstateReport): string {
  const head = ["| Environment | Tier | Owner | Time left | Last deploy | Health | Drift | Findings (E/W/I, waived) | Cost / budget | Release |", "| --- | --- | --- | --- | --- | --- | --- | ---: | ---: | --- |"];
  const rows = report.environments.map((e) => `| ${[e.name, e.tier, e.owner, timeLeft(e), lastDeploy(e), health(e), drift(e), findings(e), cost(e), release(e)].map(cell).join(" | ")} |`);
  const sources = `Health: ${report.healthSource ?? "not checked"}. Drift: ${report.driftSource ?? "not checked"}. Generated ${report.generatedAt} by envctl report.`;
  return `${[...head, ...rows].join("\n")}\n\n${cell(sources)}\n`;
}

/** A table cell: pipes, markup and line breaks of the value cannot escape it. */
function cell(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ")
    .replace(/[\\`*_[\]<>|&]/g, (c) => (c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : `\\${c}`))
    .trim();
}

const lastDeploy = (e: EnvironmentReport) => (e.lastDeploy ? [e.lastDeploy.at, e.lastDeploy.by ? `by ${e.lastDeploy.by}` : "", e.lastDeploy.release ?? ""].filter(Boolean).join(" ") : "never");
const health = (e: EnvironmentReport) => (e.health ? (e.health.healthy ? "healthy" : `UNHEALTHY (${e.health.failed.length} failed)`) : "-");
const drift = (e: EnvironmentReport) => (e.drift ? (e.drift.error ? "not read" : e.drift.notDeployed ? "not deployed" : e.drift.drifted ? `DRIFTED (${e.drift.resources.length})` : "none") : "-");
const findings = (e: EnvironmentReport) => (e.knownFrom === "synth" ? `${e.findingCounts.error}/${e.findingCounts.warning}/${e.findingCounts.info}, ${e.findingCounts.waived}` : "not synthesized");
const cost = (e: EnvironmentReport) => (e.cost ? `${dollars(e.cost.monthlyUsd)} / ${e.cost.budgetUsd === null ? "no budget" : `${dollars(e.cost.budgetUsd)}${e.cost.monthlyUsd > e.cost.budgetUsd ? " OVER" : ""}`}` : "-");
const release = (e: EnvironmentReport) => (e.release ? `${e.release.id}${e.release.breakGlass ? " (break glass)" : e.release.refusal ? " (held)" : e.release.requiresPromotion ? " (promoted)" : ""}` : "-");
