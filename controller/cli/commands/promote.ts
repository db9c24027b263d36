/**
 * `envctl promote <from> <to>`, `envctl approve <to> --release ID` and
 * `envctl history <environment>`: moving a release up the ladder behind its
 * soak time and approvals, and the audit trail of each environment. Exit
 * codes: 0 done, 1 refused (the report names every reason), 2 bad input.
 */
import Table from "cli-table3";
import { EnvkitInputError, EXIT } from "../../../lib/core/errors";
import { terminalSafe } from "../../../lib/core/text";
import { parityFindings } from "../../../lib/environments/parity";
import type { ResolvedEnvironment } from "../../../lib/environments/types";
import { identityOf } from "../../../lib/releases/identity";
import { DEFAULT_RELEASE_DIRECTORY, ledgerStore, type Ledger, type LedgerStore } from "../../../lib/releases/ledger";
import { approvalsOf, judgePromotion, withApproval, withPromotion } from "../../../lib/releases/promotion";
import { declaredEnvironments, promotionPolicy, type DeclaredEnvironment, type EnvironmentManifest, type ManifestEnvironment } from "../../../stacks/app/manifest";
import { s3Factory, syncEnvironmentLedgers } from "../../releases/remote";
import { CommandContext, NODE_FS } from "../io";
import { commandBody, loadEnvironments, manifestIfSynthesized, parseFormat } from "./shared";

/** Flags of the release commands. */
export interface ReleaseFlags {
  /** @default "cdktf.out" */
  readonly dir?: string;
  /** @default "terraform-state/releases" */
  readonly releaseDir?: string;
  readonly release?: string;
  /** @default "text" */
  readonly format?: string;
}

const RELEASE_ID = /^rel-[0-9a-f]{12}$/;

function parseRelease(value: string | undefined, required: boolean): string | undefined {
  if (value === undefined) {
    if (required) throw new EnvkitInputError("--release is required: the release to approve, such as rel-0123456789ab (envctl history <environment> lists them).");
    return undefined;
  }
  if (!RELEASE_ID.test(value)) throw new EnvkitInputError(`--release ${JSON.stringify(value)} is not a release id: rel- and 12 hex digits, such as rel-0123456789ab (envctl history <environment> lists them).`);
  return value;
}

/** The environments named, synthesized or only declared (a synth with ENVKIT_ONLY lists the others): promotion reads their settings and ledgers, not their stacks. */
function environmentIn(manifest: EnvironmentManifest, names: readonly string[]): (ManifestEnvironment | DeclaredEnvironment)[] {
  const all = declaredEnvironments(manifest);
  const unknown = names.filter((n) => !all.some((e) => e.name === n));
  if (unknown.length > 0) throw new EnvkitInputError(`unknown environment${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}. Environments: ${all.map((e) => e.name).join(", ")}.`);
  return names.map((n) => all.find((e) => e.name === n)!);
}

function whoActs(context: CommandContext, what: string): string {
  const identity = identityOf(context.env, context.cwd);
  if (!identity) throw new EnvkitInputError(`cannot tell who ${what}: run in CI (GITHUB_ACTOR) or set your git identity (git config user.email you@example.com).`);
  return identity.name;
}

function storeOf(context: CommandContext, flags: ReleaseFlags): LedgerStore {
  return ledgerStore(context.fs ?? NODE_FS, context.cwd, flags.releaseDir ?? DEFAULT_RELEASE_DIRECTORY);
}

/** Makes the local copies of the named environments' ledgers one with those beside their S3 states (see controller/releases/remote.ts). */
async function synced(context: CommandContext, store: LedgerStore, manifest: EnvironmentManifest, names?: readonly string[]): Promise<void> {
  await syncEnvironmentLedgers(store, declaredEnvironments(manifest), s3Factory({ ...process.env, ...context.env }), names);
}

/** Runs `envctl promote <from> <to>`. */
export function runPromote(from: string, to: string, flags: ReleaseFlags, context: CommandContext): Promise<number> {
  return commandBody("promote", context, async () => {
    const format = parseFormat(flags.format, ["text", "json"] as const);
    // The clock is never a flag here: a soak time judged "as of" a chosen time would be no soak time.
    const now = context.now();
    const release = parseRelease(flags.release, false);
    if (from === to) throw new EnvkitInputError(`promote from one environment to another: ${from} is named twice.`);
    const { manifest } = loadEnvironments(context, { dir: flags.dir });
    const [source, target] = environmentIn(manifest, [from, to]);
    const policy = promotionPolicy(target);
    if (!policy) throw new EnvkitInputError(`${flags.dir ?? "cdktf.out"} was synthesized by a version of the library that records no releases: synthesize the app again.`);
    const promoter = whoActs(context, "promotes");
    const store = storeOf(context, flags);
    await synced(context, store, manifest, [from, to]);
    const toLedger = store.read(to);
    const parityProblems = source.tier === "staging" && target.tier === "prod" ? parityFindings(source.resolved as ResolvedEnvironment, target.resolved as ResolvedEnvironment).map((f) => `parity [${f.ruleId}] ${f.path}: ${f.message}`) : [];
    const verdict = judgePromotion({ from: store.read(from), to: toLedger, toTier: target.tier, release, promoter, now, policy, parityProblems });
    const id = release ?? verdict.deployment?.release ?? null;
    if (verdict.problems.length > 0) {
      if (format === "json") context.stdout(`${JSON.stringify({ promoted: false, release: id, from, to, promoter, problems: verdict.problems }, null, 2)}\n`);
      else context.stdout(`refused: release ${id ?? "(none)"} is not promoted from ${from} to ${to}:\n${verdict.problems.map((p) => `  - ${terminalSafe(p)}`).join("\n")}\n`);
      return EXIT.findings;
    }
    const written = withPromotion(toLedger, from, verdict, promoter, now);
    store.write(written);
    await synced(context, store, manifest, [to]);
    const promotion = written.promotions[written.promotions.length - 1];
    if (format === "json") context.stdout(`${JSON.stringify({ promoted: true, ...promotion, to }, null, 2)}\n`);
    else {
      const approvers = promotion.approvers.length > 0 ? `, approved by ${promotion.approvers.join(" and ")}` : "";
      context.stdout(`promoted ${promotion.release} from ${from} to ${to}${promotion.rollback ? " (a rollback: an older release of " + from + ")" : ""} by ${promoter}${approvers}. Deploy it: envctl up ${to}\n`);
    }
    return EXIT.ok;
  });
}

/** Runs `envctl approve <to> --release ID`. */
export function runApprove(to: string, flags: ReleaseFlags, context: CommandContext): Promise<number> {
  return commandBody("approve", context, async () => {
    const format = parseFormat(flags.format, ["text", "json"] as const);
    const now = context.now();
    const release = parseRelease(flags.release, true) as string;
    const { manifest } = loadEnvironments(context, { dir: flags.dir });
    const [target] = environmentIn(manifest, [to]);
    const store = storeOf(context, flags);
    await synced(context, store, manifest);
    const deployedIn = declaredEnvironments(manifest)
      .filter((e) => store.read(e.name).deployments.some((d) => d.release === release))
      .map((e) => e.name);
    if (deployedIn.length === 0) throw new EnvkitInputError(`release ${release} was never deployed to any environment of this app, so there is nothing to approve: envctl history <environment> lists the releases.`);
    const approver = whoActs(context, "approves");
    const before = store.read(to);
    const ledger = withApproval(before, release, approver, now);
    if (ledger !== before) {
      store.write(ledger);
      await synced(context, store, manifest, [to]);
    }
    const approvers = approvalsOf(ledger, release).map((a) => a.approver);
    const needed = promotionPolicy(target)?.approvals ?? 0;
    if (format === "json") context.stdout(`${JSON.stringify({ environment: to, release, approver, approvers, required: needed, recorded: ledger !== before }, null, 2)}\n`);
    else
      context.stdout(`${ledger === before ? "already approved" : "approved"}: ${release} for ${to} by ${approver} (${approvers.length} of ${needed} approval(s) ${to} requires: ${approvers.join(", ")}; the promoter's own approval does not count)\n`);
    return EXIT.ok;
  });
}

/** One entry of an environment's history. */
export interface HistoryEvent {
  readonly at: string;
  readonly event: "deploy" | "approval" | "promotion" | "break-glass";
  readonly release: string;
  readonly by: string;
  readonly detail: string;
}

/** Every recorded event of `ledger`, newest first. */
export function historyOf(ledger: Ledger): HistoryEvent[] {
  const events: HistoryEvent[] = [
    ...ledger.deployments.map((d) => ({
      at: d.deployedAt,
      event: "deploy" as const,
      release: d.release,
      by: d.deployedBy,
      detail: [
        `commit ${d.revision.commit ? d.revision.commit.slice(0, 12) : "none"}${d.revision.dirty ? " (uncommitted changes)" : ""}`,
        d.stacks ? d.stacks.join(", ") : "",
        d.healthyAt ? `healthy at ${d.healthyAt}` : "not found healthy",
        d.breakGlass ? `BREAK GLASS: ${d.breakGlass}` : "",
      ]
        .filter(Boolean)
        .join("; "),
    })),
    ...ledger.approvals.map((a) => ({ at: a.at, event: "approval" as const, release: a.release, by: a.approver, detail: "" })),
    ...ledger.promotions.map((p) => ({ at: p.at, event: "promotion" as const, release: p.release, by: p.by, detail: `from ${p.from}${p.rollback ? " (rollback)" : ""}; approved by ${p.approvers.join(", ") || "nobody (none required)"}` })),
    ...(ledger.breakGlass ?? []).map((b) => ({ at: b.at, event: "break-glass" as const, release: b.release, by: b.by, detail: `promotion gate lifted: ${b.reason}` })),
  ];
  // Newest first; at one instant, in the order things happen (a deploy after the approvals and promotion that allowed it), and of one kind, the later recorded first.
  const order = { approval: 0, promotion: 1, "break-glass": 2, deploy: 3 } as const;
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => (a.event.at !== b.event.at ? (a.event.at < b.event.at ? 1 : -1) : a.event.event !== b.event.event ? order[b.event.event] - order[a.event.event] : b.index - a.index))
    .map((e) => e.event);
}

/** Runs `envctl history <environment>`. */
export function runHistory(name: string, flags: ReleaseFlags, context: CommandContext): Promise<number> {
  return commandBody("history", context, async () => {
    const format = parseFormat(flags.format, ["text", "json"] as const);
    const store = storeOf(context, flags);
    // The history of an environment outlives its code: one the app no longer declares is still known by its ledger.
    const dir = flags.dir ?? "cdktf.out";
    const manifest = manifestIfSynthesized(context, dir);
    const known = [...new Set([...(manifest ? declaredEnvironments(manifest).map((e) => e.name) : []), ...store.recorded()])].sort();
    const listed = known.length > 0 ? `Environments with a history or in ${dir}: ${known.join(", ")}.` : `No environment has a history yet in ${store.directory}, and ${dir} holds no synthesized app.`;
    if (!/^[a-z][a-z0-9-]{0,23}$/.test(name)) throw new EnvkitInputError(`${JSON.stringify(name)} is not an environment name (a lowercase letter, then up to 23 lowercase letters, digits or hyphens). ${listed}`);
    if (!known.includes(name)) throw new EnvkitInputError(`unknown environment ${name}: it is not in ${dir} and has no release ledger in ${store.directory}. ${listed}`);
    if (manifest) await synced(context, store, manifest, [name]);
    const ledger = store.read(name);
    const events = historyOf(ledger);
    if (format === "json") {
      context.stdout(`${JSON.stringify({ environment: name, events }, null, 2)}\n`);
      return EXIT.ok;
    }
    if (events.length === 0) {
      context.stdout(`${name}: nothing recorded in ${store.directory} (no deploy by envctl up, no approval, no promotion).\n`);
      return EXIT.ok;
    }
    const table = new Table({ head: ["When", "Event", "Release", "Who", "Details"], style: { head: [], border: [] } });
    for (const e of events) table.push([e.at, e.event, e.release, terminalSafe(e.by), terminalSafe(e.detail)]);
    context.stdout(`${name}: ${events.length} event(s), newest first\n${table.toString()}\n`);
    return EXIT.ok;
  });
}
