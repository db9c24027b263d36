/**
 * The release ledger of an environment: what was deployed into it (releases,
 * each addressed by the digest of what is not environment-specific), when each
 * was found healthy, the approvals recorded for releases headed into it, the
 * promotions into it and the deploys that broke glass. One JSON file per
 * environment beside the lifecycle records; entries are only ever appended.
 * The synth reads it (the promotion guard of a stack), and so do the commands
 * that promote and report, which is why it lives below both.
 */
import { join, resolve } from "node:path";
import { z } from "zod/v3";
import { EnvkitInputError } from "../core/errors";
import { fileFault, writeFileAtomic, type FileSystem } from "../core/fs";
import { parseJsonText } from "../core/json";
import { parseUtcInstant } from "../core/time";

/** Where ledgers live by default, relative to the project root (beside the lifecycle records). */
export const DEFAULT_RELEASE_DIRECTORY = "terraform-state/releases";

const instant = z.string().refine((v) => parseUtcInstant(v) !== undefined, { message: "must be an ISO-8601 UTC instant" });
const identity = z.string().trim().min(1).max(200);

/** The source a release was built from. */
const revisionSchema = z.strictObject({
  /** The git commit, or null outside a git repository. */
  commit: z.string().regex(/^[0-9a-f]{7,64}$/).nullable(),
  /** True when the working tree had uncommitted changes: such a release is never promoted. */
  dirty: z.boolean(),
});

const deploymentSchema = z.strictObject({
  /** The release id: `rel-` and the first 12 hex digits of its digest. */
  release: z.string().regex(/^rel-[0-9a-f]{12}$/),
  /** SHA-256 of what is not environment-specific (library version, constructs and templates, images, shared config). */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  revision: revisionSchema,
  /** The version of cdktf-envkit that built it. */
  library: z.string().min(1).max(100),
  deployedAt: instant,
  deployedBy: identity,
  /** The stacks the deploy applied (its AWS stack, its Kubernetes stack). */
  stacks: z.array(z.string().min(1)).optional(),
  /** When the same checks as `envctl status` found it healthy after the deploy. */
  healthyAt: instant.optional(),
  /** Set when the deploy went past the promotion gate on purpose: why. */
  breakGlass: z.string().trim().min(1).max(500).optional(),
});

const approvalSchema = z.strictObject({ release: z.string().regex(/^rel-[0-9a-f]{12}$/), approver: identity, at: instant });

const promotionSchema = z.strictObject({
  release: z.string().regex(/^rel-[0-9a-f]{12}$/),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  from: z.string().min(1),
  by: identity,
  at: instant,
  approvers: z.array(identity),
  /** True when the release is older than the one `from` runs: a rollback. */
  rollback: z.boolean(),
});

/** A synth that lifted the promotion gate on purpose (`ENVKIT_BREAK_GLASS`), so that an unpromoted release could be deployed. */
const breakGlassSchema = z.strictObject({
  release: z.string().regex(/^rel-[0-9a-f]{12}$/),
  reason: z.string().trim().min(1).max(500),
  by: identity,
  at: instant,
});

const LEDGER_SCHEMA = z.strictObject({
  environment: z.string().regex(/^[a-z][a-z0-9-]{0,23}$/),
  deployments: z.array(deploymentSchema),
  approvals: z.array(approvalSchema),
  promotions: z.array(promotionSchema),
  /** Every lifting of the gate, never removed: `envctl list` warns of each. */
  breakGlass: z.array(breakGlassSchema).optional(),
});

/** One deploy of a release into the environment. */
export type Deployment = z.infer<typeof deploymentSchema>;
/** One approver's approval of a release, for the environment the ledger is of. */
export type Approval = z.infer<typeof approvalSchema>;
/** One promotion of a release into the environment. */
export type Promotion = z.infer<typeof promotionSchema>;
/** One lifting of the promotion gate. */
export type BreakGlass = z.infer<typeof breakGlassSchema>;
/** Everything recorded of one environment's releases. */
export type Ledger = z.infer<typeof LEDGER_SCHEMA>;

/** The id of the release with `digest`: the same content has the same id in every environment. */
export function releaseId(digest: string): string {
  return `rel-${digest.slice(0, 12)}`;
}

/** An empty ledger of `environment`. */
export function emptyLedger(environment: string): Ledger {
  return { environment, deployments: [], approvals: [], promotions: [], breakGlass: [] };
}

/** Reads and appends to the ledgers of one directory. */
export interface LedgerStore {
  readonly directory: string;
  /** The ledger of `environment` (empty when none was written). A damaged file is an error naming it and each field. */
  read(environment: string): Ledger;
  /** Writes `ledger` atomically after checking it; an inconsistent ledger is refused and nothing is written. */
  write(ledger: Ledger): void;
  /** The environments that have a ledger here, sorted. */
  recorded(): string[];
}

const problemsOf = (error: z.ZodError) => error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");

/** The ledger of `environment` in `text` (read from `where`); a damaged ledger is an error naming it and each field. */
export function parseLedger(text: string, where: string, environment: string): Ledger {
  const parsed = LEDGER_SCHEMA.safeParse(parseJsonText(text, where, "a release ledger"));
  if (!parsed.success) throw new EnvkitInputError(`${where}: not a valid release ledger (${problemsOf(parsed.error)}). Restore it from the state's backup; it is the audit trail of ${environment}.`);
  if (parsed.data.environment !== environment) throw new EnvkitInputError(`${where}: the ledger names environment ${parsed.data.environment}, not ${environment}. Restore it from the state's backup.`);
  return parsed.data;
}

/** The text a ledger is kept as, checked first; an inconsistent ledger is refused (`where` names where it was headed). */
export function ledgerText(ledger: Ledger, where: string): string {
  const checked = LEDGER_SCHEMA.safeParse(ledger);
  if (!checked.success) throw new EnvkitInputError(`${where}: refusing to write an inconsistent release ledger (${problemsOf(checked.error)}); nothing was written.`);
  return `${JSON.stringify(checked.data, null, 2)}\n`;
}

/** A value's JSON with its keys in order: the identity of a ledger entry, whatever order its fields were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Every distinct entry of `a` and `b` (`a`'s first), in the order of their instants (entries of one instant keep their order). */
function union<T>(a: readonly T[], b: readonly T[], instantOf: (entry: T) => string): T[] {
  // An entry is its content: the same record in both copies (or twice in one) is one record.
  const seen = new Set<string>();
  const all = [...a, ...b].filter((entry) => !seen.has(canonical(entry)) && Boolean(seen.add(canonical(entry))));
  return all.map((entry, index) => ({ entry, index, at: parseUtcInstant(instantOf(entry))?.getTime() ?? 0 })).sort((x, y) => x.at - y.at || x.index - y.index).map((e) => e.entry);
}

/**
 * Two copies of one environment's ledger made one: every entry of either,
 * once. Entries are only ever appended, so the union loses nothing that
 * either copy recorded, whichever order copies meet in (the S3 copy and the
 * local one, two people approving at once).
 */
export function mergeLedgers(a: Ledger, b: Ledger): Ledger {
  if (a.environment !== b.environment) throw new EnvkitInputError(`cannot merge the release ledgers of ${a.environment} and ${b.environment}: they are of different environments.`);
  return {
    environment: a.environment,
    deployments: union(a.deployments, b.deployments, (d) => d.deployedAt),
    approvals: union(a.approvals, b.approvals, (x) => x.at),
    promotions: union(a.promotions, b.promotions, (p) => p.at),
    breakGlass: union(a.breakGlass ?? [], b.breakGlass ?? [], (x) => x.at),
  };
}

/** True when the two hold the same entries in the same order. */
export function sameLedger(a: Ledger, b: Ledger): boolean {
  return canonical({ ...a, breakGlass: a.breakGlass ?? [] }) === canonical({ ...b, breakGlass: b.breakGlass ?? [] });
}

/** The store of ledgers in `directory` (relative to `cwd`). */
export function ledgerStore(fs: FileSystem, cwd: string, directory = DEFAULT_RELEASE_DIRECTORY): LedgerStore {
  const dir = resolve(cwd, directory);
  const fileOf = (environment: string) => join(dir, `${environment}.json`);
  return {
    directory: dir,
    read(environment) {
      const path = fileOf(environment);
      if (!fs.existsSync(path)) return emptyLedger(environment);
      return parseLedger(fileFault(path, "read the release ledger", () => fs.readFileSync(path, "utf8")), path, environment);
    },
    write(ledger) {
      const text = ledgerText(ledger, fileOf(ledger.environment));
      fileFault(fileOf(ledger.environment), "write the release ledger", () => {
        if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
        writeFileAtomic(fs, fileOf(ledger.environment), text);
      });
    },
    recorded() {
      if (!fs.existsSync(dir)) return [];
      return fs
        .readdirSync(dir)
        .filter((f) => /^[a-z][a-z0-9-]{0,23}\.json$/.test(f))
        .map((f) => f.slice(0, -".json".length))
        .sort();
    },
  };
}
