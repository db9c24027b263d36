/**
 * Gathers the sources of the estate report from a project's files: the
 * estate (cdktf.out, lifecycle records, states), each synthesized stack's
 * policy findings and cost, and each environment's release ledger.
 */
import type { FileSystem } from "../../lib/core/fs";
import type { LedgerStore } from "../../lib/releases/ledger";
import { evaluate } from "../../policies/engine";
import { definePolicy } from "../../policies/packs";
import type { PriceTable } from "../../policies/cost/price-table";
import { readOutputDir } from "../checks/inputs";
import { costReport, type CostReport } from "../cost/report";
import type { DestroyedEntry, EstateEntry } from "../lifecycle/estate";
import type { SynthOutput } from "../manifest/output";
import type { ReportSources } from "./model";

/** What the command has already read. */
export interface GatherInputs {
  readonly fs: FileSystem;
  readonly cwd: string;
  readonly now: Date;
  /** The output directory as given (`--dir`), when it exists. */
  readonly dir?: string;
  readonly output?: SynthOutput;
  readonly live: readonly EstateEntry[];
  readonly destroyed: readonly DestroyedEntry[];
  readonly ledgers: LedgerStore;
  readonly prices: PriceTable;
}

/** Everything but health and drift, which the command adds. */
export function gatherSources(inputs: GatherInputs): Omit<ReportSources, "health" | "drift"> {
  const manifest = inputs.output?.manifest;
  const synthesized = new Map((manifest?.environments ?? []).map((e) => [e.name, e]));
  let findings: ReportSources["findings"] = [];
  let costs: CostReport = costReport([], inputs.prices);
  const resources = new Map<string, { type: string; address: string }[]>();
  if (inputs.dir && inputs.output && inputs.output.stacks.length > 0) {
    const read = readOutputDir(inputs.dir, undefined, definePolicy(), { fs: inputs.fs, cwd: inputs.cwd, now: inputs.now }, inputs.output);
    findings = evaluate(read.selector, read.stacks, { waivers: [], now: inputs.now, extraFindings: read.extraFindings, notes: read.notes, maxWaiverDays: read.maxWaiverDays }).findings;
    const regions = new Map([...synthesized.values()].map((e) => [e.name, e.resolved.region]));
    costs = costReport(read.stacks, inputs.prices, { regions });
    for (const stack of read.stacks)
      resources.set(
        stack.name,
        stack.resources.map((r) => ({ type: r.type, address: r.address }))
      );
  }
  const ledgers = new Map(inputs.live.map((e) => [e.name, inputs.ledgers.read(e.name)]));
  return { now: inputs.now, live: inputs.live, destroyed: inputs.destroyed, synthesized, findings, resources, costs, ledgers };
}
