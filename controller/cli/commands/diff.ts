/**
 * `envctl diff <A> <B>`: the effective difference between two environments of
 * cdktf.out's manifest (sizing, security, lifecycle, configuration with secrets
 * masked, services, cost), each row saying why it differs where that is known.
 */
import Table from "cli-table3";
import { EnvkitInputError, EXIT } from "../../../lib/core/errors";
import { readOutputDir } from "../../checks/inputs";
import { diffEnvironments, type EnvironmentDiff } from "../../compare/environment-diff";
import { costReport } from "../../cost/report";
import { shippedPriceTable } from "../../../policies/cost/price-table";
import { definePolicy } from "../../../policies/packs";
import { CommandContext, NODE_FS } from "../io";
import { commandBody, loadEnvironments, parseFormat, pickEnvironments } from "./shared";

/** Flags of `envctl diff`. */
export interface DiffFlags {
  /** @default "cdktf.out" */
  readonly dir?: string;
  /** @default "table" */
  readonly format?: string;
}

/** Prints the difference; exit 0, or 2 on bad input. */
export function runDiff(a: string, b: string, flags: DiffFlags, context: CommandContext): Promise<number> {
  return commandBody("diff", context, () => {
    const format = parseFormat(flags.format, ["table", "json"] as const);
    const { manifest } = loadEnvironments(context, { dir: flags.dir });
    const [left] = pickEnvironments(manifest, [a]);
    const [right] = pickEnvironments(manifest, [b]);
    if (left.name === right.name) throw new EnvkitInputError(`diff compares two environments; both are ${left.name}. Environments: ${manifest.environments.map((e) => e.name).join(", ")}.`);
    const stacks = readOutputDir(flags.dir ?? "cdktf.out", undefined, definePolicy(), { fs: context.fs ?? NODE_FS, cwd: context.cwd, now: context.now() }).stacks.filter((s) => s.environment === left.name || s.environment === right.name);
    const costs = new Map(costReport(stacks, shippedPriceTable()).environments.map((e) => [e.name, e]));
    const diff = diffEnvironments(left.resolved, right.resolved, costs);
    context.stdout(format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : renderDiff(diff));
    return EXIT.ok;
  });
}

function renderDiff(diff: EnvironmentDiff): string {
  if (diff.differences.length === 0) return `${diff.a} and ${diff.b} do not differ.\n`;
  const table = new Table({ head: ["Setting", diff.a, diff.b, "Why"], colWidths: [36, 24, 24, 56], wordWrap: true, wrapOnWordBoundary: false, style: { head: [], border: [] } });
  for (const row of diff.differences) table.push([row.path, row.a, row.b, row.note]);
  const parity = diff.parity.length > 0 ? `\nParity: ${diff.parity.length} finding(s); the synth refuses these until they are fixed or declared in parity.allow.\n` : "";
  return `${table.toString()}\n${diff.differences.length} difference(s) between ${diff.a} and ${diff.b}.\n${parity}`;
}
