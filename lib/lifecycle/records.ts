/**
 * Lifecycle records: the one place an environment's absolute expiry is kept
 * once it has been set outside the code — when a preview is created from CI
 * (`ENV_PREVIEW`), or when `envctl renew` extends an expiry. One small JSON
 * file per environment in a directory that lives with the state
 * (`terraform-state/lifecycle/` by default, beside local state files): the
 * synth reads it, so re-synthesizing never moves an expiry, and a CI job needs
 * no commit to create or renew a preview.
 */
import { join, resolve } from "node:path";
import { z } from "zod/v3";
import { EnvkitInputError } from "../core/errors";
import { fileFault, writeFileAtomic, type FileSystem } from "../core/fs";
import { parseJsonText } from "../core/json";
import { TIERS, type Tier } from "../core/profile";
import { tierProfile } from "../core/tiers";
import { parseUtcInstant } from "../core/time";

/** Where records live by default, relative to the project root. */
export const DEFAULT_LIFECYCLE_DIRECTORY = "terraform-state/lifecycle";

/** What is recorded of an ephemeral environment. */
export interface LifecycleRecord {
  readonly environment: string;
  readonly tier: Tier;
  /** When the environment was created, ISO-8601 UTC. */
  readonly createdAt: string;
  /** When it expires, ISO-8601 UTC. */
  readonly expiresAt: string;
  /** When the expiry was last extended, ISO-8601 UTC; the start of the current time to live. */
  readonly renewedAt?: string;
  /** The VPC range allocated to a preview. */
  readonly cidr?: string;
  /** Who owns the environment (a preview's owner is recorded when it is created). */
  readonly owner?: string;
  /** When the environment was destroyed (by `envctl reap`), ISO-8601 UTC: the record is then kept as a tombstone. */
  readonly destroyedAt?: string;
  /** Who destroyed it: the command, and the user or CI actor that ran it. */
  readonly destroyedBy?: string;
}

const instant = z.string().refine((v) => parseUtcInstant(v) !== undefined, { message: "must be an ISO-8601 UTC instant" });
const RECORD_SCHEMA = z
  .strictObject({
    environment: z.string().regex(/^[a-z][a-z0-9-]{0,23}$/),
    tier: z.enum(TIERS),
    createdAt: instant,
    expiresAt: instant,
    renewedAt: instant.optional(),
    cidr: z.string().optional(),
    owner: z.string().optional(),
    destroyedAt: instant.optional(),
    destroyedBy: z.string().max(200).optional(),
  })
  // The instants of one life come in order: created, renewed, expires; a destroy comes after the creation.
  .superRefine((r, ctx) => {
    const t = (v: string | undefined) => (v === undefined ? undefined : (parseUtcInstant(v)?.getTime() ?? undefined));
    const [created, renewed, expires, destroyed] = [t(r.createdAt), t(r.renewedAt), t(r.expiresAt), t(r.destroyedAt)];
    if (created === undefined || expires === undefined) return;
    if (expires <= created) ctx.addIssue({ code: "custom", path: ["expiresAt"], message: `${r.expiresAt} is not after createdAt ${r.createdAt}` });
    if (renewed !== undefined && (renewed < created || renewed >= expires)) ctx.addIssue({ code: "custom", path: ["renewedAt"], message: `${r.renewedAt} is not between createdAt ${r.createdAt} and expiresAt ${r.expiresAt}` });
    if (destroyed !== undefined && destroyed < created) ctx.addIssue({ code: "custom", path: ["destroyedAt"], message: `${r.destroyedAt} is before createdAt ${r.createdAt}` });
    // A time to live runs from the creation or the last renewal, never longer than the tier allows: a record cannot keep an environment forever.
    const { persistence, maxTtlHours } = tierProfile(r.tier).lifecycle;
    const start = renewed ?? created;
    if (persistence === "always") ctx.addIssue({ code: "custom", path: ["tier"], message: `tier ${r.tier} is always persistent: it has no expiry to record` });
    else if (expires - start > maxTtlHours * 3_600_000) {
      ctx.addIssue({ code: "custom", path: ["expiresAt"], message: `${r.expiresAt} is more than tier ${r.tier}'s maximum time to live (${maxTtlHours}h) after ${r.renewedAt !== undefined ? `renewedAt ${r.renewedAt}` : `createdAt ${r.createdAt}`}` });
    }
  });

/** Reads and writes the records of one directory. */
export interface LifecycleStore {
  /** The directory, absolute. */
  readonly directory: string;
  /** Every record of a live environment, by environment. A damaged file is an error that names it. */
  readAll(): Map<string, LifecycleRecord>;
  /** The records of destroyed environments (tombstones), by environment. */
  readDestroyed(): Map<string, LifecycleRecord>;
  /** Writes (atomically) a record. */
  write(record: LifecycleRecord): void;
  /** Removes the record of an environment, if any. */
  remove(environment: string): void;
  /** Marks the record of a destroyed environment (writing one from `record` when none exists): when and by whom. */
  markDestroyed(record: LifecycleRecord, at: string, by: string): void;
}

/** The store of records in `directory` (relative to `cwd`). */
export function lifecycleStore(fs: FileSystem, cwd: string, directory = DEFAULT_LIFECYCLE_DIRECTORY): LifecycleStore {
  const dir = resolve(cwd, directory);
  const fileOf = (environment: string) => join(dir, `${environment}.json`);
  return {
    directory: dir,
    readAll: () => new Map([...readEvery()].filter(([, r]) => r.destroyedAt === undefined)),
    readDestroyed: () => new Map([...readEvery()].filter(([, r]) => r.destroyedAt !== undefined)),
    write(record) {
      const checked = RECORD_SCHEMA.safeParse(record);
      if (!checked.success) throw new EnvkitInputError(`${fileOf(record.environment)}: refusing to write an inconsistent lifecycle record (${checked.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}); nothing was written.`);
      const parsed = checked.data;
      fileFault(fileOf(record.environment), "write the lifecycle record", () => {
        if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
        writeFileAtomic(fs, fileOf(record.environment), `${JSON.stringify(parsed, null, 2)}\n`);
      });
    },
    remove(environment) {
      fileFault(fileOf(environment), "remove the lifecycle record", () => {
        if (fs.existsSync(fileOf(environment))) fs.unlinkSync(fileOf(environment));
      });
    },
    markDestroyed(record, at, by) {
      this.write({ ...record, destroyedAt: at, destroyedBy: by });
    },
  };

  function readEvery(): Map<string, LifecycleRecord> {
    const records = new Map<string, LifecycleRecord>();
    if (!fs.existsSync(dir)) return records;
    if (!fs.statSync(dir).isDirectory()) throw new EnvkitInputError(`${dir} is a file, where the lifecycle records are kept: move it away (or point --lifecycle-dir, or lifecycleDirectory, at a directory)`);
    const files = fileFault(dir, "read the lifecycle records in", () => fs.readdirSync(dir));
    for (const file of files.filter((f) => f.endsWith(".json")).sort()) {
      const path = join(dir, file);
      const text = fileFault(path, "read the lifecycle record", () => fs.readFileSync(path, "utf8"));
      const parsed = RECORD_SCHEMA.safeParse(parseJsonText(text, path, "a lifecycle record"));
      if (!parsed.success || `${parsed.data.environment}.json` !== file) {
        const why = parsed.success ? `it names environment ${parsed.data.environment}` : parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
        throw new EnvkitInputError(`${path}: not a valid lifecycle record (${why}). Restore it from the state's backup, or delete it to let the environment be created anew.`);
      }
      records.set(parsed.data.environment, parsed.data);
    }
    return records;
  }
}
