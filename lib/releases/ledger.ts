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
}

/** The store of ledgers in `directory` (relative to `cwd`). */
export function ledgerStore(fs: FileSystem, cwd: string, directory = DEFAULT_RELEASE_DIRECTORY): LedgerStore {
  const dir = resolve(cwd, directory);
  const fileOf = (environment: string) => join(dir, `${environment}.json`);
  const problemsOf = (error: z.ZodError) => error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
  return {
    directory: dir,
    read(environment) {
      const path = fileOf(environment);
      if (!fs.existsSync(path)) return emptyLedger(environment);
      const text = fileFault(path, "read the release ledger", () => fs.readFileSync(path, "utf8"));
      const parsed = LEDGER_SCHEMA.safeParse(parseJsonText(text, path, "a release ledger"));
      if (!parsed.success) throw new EnvkitInputError(`${path}: not a valid release ledger (${problemsOf(parsed.error)}). Restore it from the state's backup; it is the audit trail of ${environment}.`);
      if (parsed.data.environment !== environment) throw new EnvkitInputError(`${path}: the ledger names environment ${parsed.data.environment}, not ${environment}. Restore it from the state's backup.`);
      return parsed.data;
    },
    write(ledger) {
      const checked = LEDGER_SCHEMA.safeParse(ledger);
      if (!checked.success) throw new EnvkitInputError(`${fileOf(ledger.environment)}: refusing to write an inconsistent release ledger (${problemsOf(checked.error)}); nothing was written.`);
      fileFault(fileOf(ledger.environment), "write the release ledger", () => {
        if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
        writeFileAtomic(fs, fileOf(ledger.environment), `${JSON.stringify(checked.data, null, 2)}\n`);
      });
    },
  };
}
