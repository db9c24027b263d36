/**
 * `envctl report`: the estate at a glance. `--html <dir>` writes a static,
 * self-contained site (an overview and a page per environment); `--format
 * markdown` prints the overview as one table for a pull request comment, and
 * `--format json` the data behind both. Health and drift come from saved
 * results (`--status`, `--drift`) or are read live (`--live`).
 */
import { resolve } from "node:path";
import { EnvkitError, EnvkitInputError, EXIT } from "../../../lib/core/errors";
import { parseJsonText } from "../../../lib/core/json";
import { DEFAULT_RELEASE_DIRECTORY, ledgerStore } from "../../../lib/releases/ledger";
import { shippedPriceTable, type PriceTable } from "../../../policies/cost/price-table";
import { formatUtc } from "../../../lib/core/time";
import { readPriceTableFile } from "../../cost/prices";
import { DEFAULT_MAX_INPUT_MIB, readBounded } from "../../checks/inputs";
import { displayPath } from "../../manifest/output";
import { gatherSources } from "../../report/gather";
import { parseDriftResult, parseStatusResult } from "../../report/inputs";
import { overviewMarkdown } from "../../report/markdown";
import { buildEstateReport, type DriftInput, type HealthInput } from "../../report/model";
import { siteFiles, writeSite } from "../../report/site";
import { CommandContext, NODE_FS } from "../io";
import { commandBody, loadEstate, parseNow, pickEstate, type LifecycleFlags } from "./shared";

/** Flags of `envctl report`. */
export interface ReportFlags extends LifecycleFlags {
  /** Write the site into this folder. */
  readonly html?: string;
  /** Print the overview: `markdown` or `json`. */
  readonly format?: string;
  /** A saved `envctl status --format json`. */
  readonly status?: string;
  /** A saved `envctl drift --format json`. */
  readonly drift?: string;
  /** Read health and drift now, through the AWS API and Terraform. */
  readonly live?: boolean;
  /** @default "terraform-state/releases" */
  readonly releaseDir?: string;
  readonly prices?: string;
  readonly now?: string;
  /** Replace a folder envctl report did not write. */
  readonly force?: boolean;
}

/** How `--live` reads health and drift: by default, as `envctl status` and `envctl drift --format json` do. */
export interface ReportDependencies {
  readonly liveHealth?: (names: readonly string[], context: CommandContext, flags: ReportFlags) => Promise<HealthInput[]>;
  readonly liveDrift?: (names: readonly string[], context: CommandContext, flags: ReportFlags) => Promise<DriftInput[]>;
}

const FORMATS = ["markdown", "json"] as const;

/** Writes the site and/or prints the overview; exit 0, 1 when a live read failed, 2 on bad input (nothing written). */
export function runReport(names: readonly string[], flags: ReportFlags, context: CommandContext, deps: ReportDependencies = {}): Promise<number> {
  return commandBody("report", context, async () => {
    const fs = context.fs ?? NODE_FS;
    const problems: string[] = [];
    const attempt = <T>(read: () => T): T | undefined => {
      try {
        return read();
      } catch (error) {
        if (error instanceof EnvkitInputError) problems.push(error.message);
        else throw error;
        return undefined;
      }
    };
    if (flags.format !== undefined && !(FORMATS as readonly string[]).includes(flags.format)) problems.push(`--format ${JSON.stringify(flags.format)} is not a report format. Allowed: ${FORMATS.join(", ")} (the site is --html <dir>).`);
    if (flags.html === undefined && flags.format === undefined) problems.push("say what to make: --html <dir> writes the site, --format markdown (or json) prints the overview.");
    if (flags.html !== undefined && flags.html.trim() === "") problems.push("--html needs a folder.");
    if (flags.live && (flags.status || flags.drift)) problems.push("--live reads health and drift itself: it excludes --status and --drift.");
    const now = attempt(() => parseNow(flags.now, context.now));
    const readResult = <T>(path: string, flag: string, parse: (value: unknown, shown: string) => T): T => {
      const shown = `--${flag} ${displayPath(context.cwd, path)}`;
      return parse(parseJsonText(readBounded(fs, resolve(context.cwd, path), shown, DEFAULT_MAX_INPUT_MIB), shown, "JSON"), shown);
    };
    const status = flags.status ? attempt(() => readResult(flags.status as string, "status", parseStatusResult)) : undefined;
    const drift = flags.drift ? attempt(() => readResult(flags.drift as string, "drift", parseDriftResult)) : undefined;
    const prices = flags.prices ? attempt(() => readPriceTableFile(fs, context.cwd, flags.prices as string)) : shippedPriceTable();
    if (problems.length > 0 || !now || !prices) throw new EnvkitInputError(problems.length === 1 ? problems[0] : `${problems.length} problems, nothing written:\n${problems.map((p) => `  - ${p.replace(/\n\s*/g, "\n      ")}`).join("\n")}`);

    const dir = flags.dir ?? "cdktf.out";
    const estate = loadEstate(context, flags, now, false);
    if (!estate.output) context.stderr(`envctl report: ${dir} does not exist; reporting what the lifecycle records and states say (run \`cdktf synth\` for the environments in code).\n`);
    // Named environments (a preview's pull request comment), or the whole estate.
    const picked = pickEstate(estate, names);
    const sources = gatherSources({
      fs,
      cwd: context.cwd,
      now,
      dir: estate.output ? dir : undefined,
      output: estate.output,
      live: picked,
      destroyed: names.length > 0 ? [] : estate.destroyed,
      ledgers: ledgerStore(fs, context.cwd, flags.releaseDir ?? DEFAULT_RELEASE_DIRECTORY),
      prices: prices as PriceTable,
    });
    const live = `read live at ${formatUtc(now)}`;
    const health = flags.live ? { source: live, environments: await (deps.liveHealth ?? liveHealth)(names, context, flags) } : status ? { source: `from ${displayPath(context.cwd, flags.status as string)}`, environments: status } : undefined;
    const driftResult = flags.live ? { source: live, environments: await (deps.liveDrift ?? liveDrift)(names, context, flags) } : drift ? { source: `from ${displayPath(context.cwd, flags.drift as string)}`, environments: drift } : undefined;
    const report = buildEstateReport({ ...sources, ...(health ? { health } : {}), ...(driftResult ? { drift: driftResult } : {}) });

    if (flags.html !== undefined) {
      const written = writeSite(resolve(context.cwd, flags.html), siteFiles(report), { force: flags.force === true, shown: flags.html });
      context.stderr(`envctl report: wrote ${displayPath(context.cwd, written)}/index.html and a page for each of ${report.environments.length} environment(s)\n`);
    }
    if (flags.format === "markdown") context.stdout(overviewMarkdown(report));
    if (flags.format === "json") context.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  });
}

/** Runs another envctl command for its JSON, which it prints on a captured standard output. */
async function captured(context: CommandContext, what: string, run: (ctx: CommandContext) => Promise<number>): Promise<unknown> {
  let out = "";
  const code = await run({ ...context, stdout: (text) => (out += text), stdoutIsTty: false });
  if (out.trim() === "") throw new EnvkitError(`--live: ${what} read nothing (exit ${code}; its message is above). Fix what it says, or hand in saved results with --status and --drift.`, EXIT.findings);
  return JSON.parse(out) as unknown;
}

const liveHealth: NonNullable<ReportDependencies["liveHealth"]> = async (names, context, flags) => {
  const { runStatus } = await import("./status");
  return parseStatusResult(await captured(context, "envctl status", (ctx) => runStatus(names, { dir: flags.dir, format: "json" }, ctx)), "envctl status (live)");
};

const liveDrift: NonNullable<ReportDependencies["liveDrift"]> = async (names, context, flags) => {
  const { runDrift } = await import("./drift");
  return parseDriftResult(await captured(context, "envctl drift", (ctx) => runDrift(names, { dir: flags.dir, lifecycleDir: flags.lifecycleDir, format: "json" }, ctx)), "envctl drift (live)");
};
