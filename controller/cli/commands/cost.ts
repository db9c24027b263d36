/**
 * `envctl cost [ENV...]`: the offline monthly estimate of each environment
 * (cdktf.out) or of one Terraform JSON or plan (`--file`), per resource, from
 * the price table shipped in the package or one given with `--prices`;
 * `--advise` adds what costs more than the tier needs and what changing it saves.
 */
import Table from "cli-table3";
import { terminalSafe } from "../../../lib/core/text";
import { EnvkitInputError, EXIT } from "../../../lib/core/errors";
import { readOneFile, readOutputDir } from "../../checks/inputs";
import { dollars, readPriceTableFile } from "../../cost/prices";
import { costReport, costReportJson, type CostReport, type EnvironmentCost } from "../../cost/report";
import type { CostLine } from "../../../policies/cost/estimate";
import { readSynthOutput } from "../../manifest/output";
import { shippedPriceTable } from "../../../policies/cost/price-table";
import { definePolicy } from "../../../policies/packs";
import { CommandContext, NODE_FS } from "../io";
import { commandBody, parseFormat, parseTier, pickEnvironments } from "./shared";

/** Flags of `envctl cost`. */
export interface CostFlags {
  /** @default "cdktf.out" */
  readonly dir?: string;
  /** One configuration JSON or `terraform show -json` plan instead of cdktf.out. */
  readonly file?: string;
  /** Tier of `--file` when its tags name none. @default "prod" */
  readonly tier?: string;
  /** A price table (JSON) instead of the shipped one. */
  readonly prices?: string;
  /** `table`, `json`, or `markdown` (the summary only). @default "table" */
  readonly format?: string;
  readonly advise?: boolean;
}

/** Estimates and prints; exit 0, or 2 on bad input. */
export function runCost(names: readonly string[], flags: CostFlags, context: CommandContext): Promise<number> {
  return commandBody("cost", context, () => {
    const fs = context.fs ?? NODE_FS;
    const format = parseFormat(flags.format, ["table", "json", "markdown"] as const);
    const tier = parseTier(flags.tier);
    const table = flags.prices ? readPriceTableFile(fs, context.cwd, flags.prices) : shippedPriceTable();
    const read = { fs, cwd: context.cwd, now: context.now() };
    let report: CostReport;
    if (flags.file) {
      if (names.length > 0) throw new EnvkitInputError(`environment names (${names.join(", ")}) and --file exclude each other: --file prices one file as it is.`);
      const input = readOneFile(flags.file, undefined, definePolicy(), { ...read, tier: tier ?? "prod" });
      report = costReport(input.stacks, table, { advise: flags.advise === true });
    } else {
      const dir = flags.dir ?? "cdktf.out";
      const output = readSynthOutput(fs, context.cwd, dir);
      if (!output.manifest) throw new EnvkitInputError(`${dir} has no environment manifest (envkit.manifest.json): synthesize the app with createEnvironmentApp (\`cdktf synth\`) first, or price one file with --file.`);
      const picked = pickEnvironments(output.manifest, names);
      const stacks = readOutputDir(dir, undefined, definePolicy(), read).stacks.filter((s) => picked.some((e) => e.name === s.environment));
      const regions = new Map(picked.map((e) => [e.name, e.resolved.region]));
      report = costReport(stacks, table, { advise: flags.advise === true, regions });
      // In the manifest's order, which is the app's.
      report = { ...report, environments: picked.map((e) => report.environments.find((c) => c.name === e.name)).filter((c): c is EnvironmentCost => c !== undefined) };
    }
    context.stdout(format === "json" ? `${JSON.stringify(costReportJson(report), null, 2)}\n` : format === "markdown" ? renderMarkdown(report) : renderTable(report));
    return EXIT.ok;
  });
}

/** The summary as a markdown table (for a README or a pull request comment). */
export function renderMarkdown(report: CostReport): string {
  const rows = report.environments.map((e) => {
    const share = e.budgetUsd ? `${Math.round((e.budgetedUsd / e.budgetUsd) * 100)}%` : "-";
    return `| ${e.name} | ${e.tier} | ${dollars(e.monthlyUsd)} | ${dollars(e.budgetedUsd)} | ${e.budgetUsd === null ? "none" : dollars(e.budgetUsd)} | ${share} | ${e.unpriced.length} |`;
  });
  const head = ["| Environment | Tier | Monthly estimate | In budget's scope | Budget | Of budget | Unpriced |", "| --- | --- | ---: | ---: | ---: | ---: | ---: |"];
  return `${[...head, ...rows].join("\n")}\n\nPrices: ${report.prices.region}, ${report.prices.currency}, ${report.prices.date}.\n`;
}

/** Lines of the same type, price and basis, together (alarms, log groups): a table a person reads. */
function groupLines(lines: readonly CostLine[]): CostLine[][] {
  const groups = new Map<string, CostLine[]>();
  for (const line of lines) {
    const key = `${line.type}\u0000${line.monthlyUsd}\u0000${line.basis}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.values()];
}

const plain = { style: { head: [], border: [] } };

/** The report for a terminal: a summary, then each environment's resources, unpriced resources and advice. */
export function renderTable(report: CostReport): string {
  const out: string[] = [];
  const summary = new Table({ head: ["Environment", "Tier", "Monthly estimate", "In budget's scope", "Budget", "Of budget", "Unpriced"], ...plain });
  for (const e of report.environments) {
    const share = e.budgetUsd ? `${Math.round((e.budgetedUsd / e.budgetUsd) * 100)}%` : "-";
    summary.push([e.name, e.tier, dollars(e.monthlyUsd), dollars(e.budgetedUsd), e.budgetUsd === null ? "none" : dollars(e.budgetUsd), share, String(e.unpriced.length)]);
  }
  out.push(summary.toString(), `Prices: ${report.prices.region}, ${report.prices.currency}, ${report.prices.date} (${report.prices.source}).`);
  for (const e of report.environments) {
    out.push("", `${e.name} (${e.tier}): ${dollars(e.monthlyUsd)}/month; usage assumed (${e.usage.source}): ${e.usage.storageGb} GB stored, ${e.usage.logIngestionGbPerMonth} GB logs/month, ${e.usage.natProcessedGbPerMonth} GB through NAT/month`);
    const lines = new Table({ head: ["Resource", "Monthly", "Basis"], colWidths: [56, 12, 72], wordWrap: true, wrapOnWordBoundary: true, ...plain });
    for (const group of groupLines(e.resources)) {
      const [first] = group;
      const name = group.length === 1 ? first.resource : `${group.length} x ${first.type} (${dollars(first.monthlyUsd)} each)`;
      lines.push([name, dollars(first.monthlyUsd * group.length), first.basis]);
    }
    out.push(lines.toString());
    if (e.unpriced.length > 0) out.push(`Unpriced (not in the total):`, ...e.unpriced.map((u) => `  ${u.resource}: ${u.reason}`));
    out.push(`No charge: ${e.noCharge.length} resources.`);
    if (e.advice) {
      if (e.advice.length === 0) out.push(`Advice: nothing costs more than the ${e.tier} tier needs.`);
      else {
        const advice = new Table({ head: ["Setting", "Now", "Suggested", "Saves/month", "Why"], colWidths: [38, 24, 32, 13, 50], wordWrap: true, ...plain });
        for (const a of e.advice) advice.push([`${a.setting}\n(${a.resource})`, a.current, a.suggested, dollars(a.monthlySavingUsd), a.why]);
        out.push("Advice:", advice.toString());
      }
    }
  }
  if (report.notes.length > 0) out.push("", ...report.notes.map((n) => `Note: ${n}`));
  // Names and figures come from the input (addresses, a price table's source): no control sequence reaches the terminal.
  return terminalSafe(`${out.join("\n")}\n`);
}
