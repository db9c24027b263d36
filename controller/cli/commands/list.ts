/**
 * `envctl list`: every environment of the estate (cdktf.out, the lifecycle
 * records and the local states) with its tier, stacks, owner, lifecycle,
 * expiry and time left, backend and last deploy; then the destroyed ones,
 * when and by whom.
 */
import Table from "cli-table3";
import { EXIT } from "../../../lib/core/errors";
import { terminalSafe } from "../../../lib/core/text";
import { formatSpan } from "../../../lib/core/time";
import type { EstateEntry } from "../../lifecycle/estate";
import { CommandContext } from "../io";
import { DEFAULT_RELEASE_DIRECTORY, ledgerStore, type BreakGlass } from "../../../lib/releases/ledger";
import { NODE_FS } from "../io";
import { commandBody, LifecycleFlags, loadEstate, parseFormat, parseNow } from "./shared";

/** Flags of `envctl list`. */
export interface ListFlags extends LifecycleFlags {
  readonly now?: string;
  /** @default "terraform-state/releases" */
  readonly releaseDir?: string;
}

/** What the list says of where an environment is known from, beside its name. */
const PROVENANCE: Record<EstateEntry["knownFrom"], string> = {
  synth: "",
  record: "not in cdktf.out: from its lifecycle record",
  state: "not in cdktf.out, no record: from its state",
};

/** Lists the estate. Works without cdktf.out: what the records and states say is still listed. */
export function runList(flags: ListFlags, context: CommandContext): Promise<number> {
  return commandBody("list", context, () => {
    const format = parseFormat(flags.format, ["table", "json"] as const);
    const now = parseNow(flags.now, context.now);
    const estate = loadEstate(context, flags, now, false);
    if (!estate.manifest) context.stderr(`envctl list: ${flags.dir ?? "cdktf.out"} does not exist; listing what the lifecycle records and states say (run \`cdktf synth\` for the environments in code).\n`);
    // Every lifting of a promotion gate is shown on every list, for as long as the ledger keeps it.
    const ledgers = ledgerStore(context.fs ?? NODE_FS, context.cwd, flags.releaseDir ?? DEFAULT_RELEASE_DIRECTORY);
    const breakGlass = new Map<string, readonly BreakGlass[]>(estate.live.map((e) => [e.name, ledgers.read(e.name).breakGlass ?? []]));
    if (format === "json") {
      const environments = estate.live.map((e) => ({
        name: e.name,
        tier: e.tier,
        stacks: e.stacks.map((s) => s.name),
        owner: e.owner,
        lifecycle: e.lifecycle,
        expiresAt: e.expiresAt,
        expired: e.expired,
        backend: e.backend,
        lastDeploy: e.lastDeploy,
        knownFrom: e.knownFrom,
        breakGlass: breakGlass.get(e.name) ?? [],
      }));
      context.stdout(`${JSON.stringify({ environments, destroyed: estate.destroyed }, null, 2)}\n`);
      return EXIT.ok;
    }
    const table = new Table({ head: ["Environment", "Tier", "Stacks", "Owner", "Lifecycle", "Expires", "Left", "Backend", "Last deploy"], style: { head: [], border: [] } });
    for (const e of estate.live) {
      const left = e.hoursLeft === null ? "-" : e.expired ? `EXPIRED ${formatSpan(-e.hoursLeft)} ago` : formatSpan(e.hoursLeft);
      const name = PROVENANCE[e.knownFrom] ? `${e.name}\n(${PROVENANCE[e.knownFrom]})` : e.name;
      table.push([name, e.tier, e.stacks.map((s) => s.name).join("\n"), terminalSafe(e.owner), e.lifecycle, e.expiresAt ?? "never", left, e.backend, e.lastDeploy ?? (e.backend.startsWith("local") ? "not deployed" : "unknown")]);
    }
    const lines = [table.toString()];
    if (estate.destroyed.length > 0) {
      lines.push("Destroyed:");
      for (const d of estate.destroyed) lines.push(`  ${d.name} (${d.tier}, owner ${terminalSafe(d.owner)}): destroyed at ${d.destroyedAt} by ${terminalSafe(d.destroyedBy)}`);
    }
    const glass = [...breakGlass].flatMap(([name, entries]) => entries.map((b) => `  WARNING ${name}: release ${b.release} went past the promotion gate (break glass) at ${b.at} by ${terminalSafe(b.by)}: ${terminalSafe(b.reason)}`));
    if (glass.length > 0) lines.push("Break-glass deploys (promote a release to replace them):", ...glass);
    context.stdout(`${lines.join("\n")}\n`);
    return EXIT.ok;
  });
}
