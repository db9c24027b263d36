/**
 * Release ledgers beside an S3 state. An environment whose state lives in an
 * S3 bucket keeps its ledger there too, next to the state object
 * (`<keyPrefix>/<env>/releases.json`): every runner that can reach the state
 * reads the same audit trail, and nothing of it lives only on a laptop or a
 * CI runner that is thrown away.
 *
 * The synth reads ledgers from the local directory (it runs offline and
 * synchronously), so envctl keeps that directory as a copy: each command that
 * reads or writes a ledger first makes the two one, and writes its own
 * entries to both. A ledger is only ever appended to, so "one" is the union of
 * both copies' entries; each upload is conditional on the object being as it
 * was read (If-Match on its ETag, If-None-Match when there was none), and is
 * merged again and retried when someone else wrote in between. Nobody's
 * approval, promotion or break-glass entry is lost, whichever writes first.
 */
import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { EnvkitError, EXIT } from "../../lib/core/errors";
import { emptyLedger, ledgerText, mergeLedgers, parseLedger, sameLedger, type Ledger, type LedgerStore } from "../../lib/releases/ledger";
import type { ManifestEnvironment } from "../../stacks/app/manifest";

/** Where an environment's ledger lives in its state bucket. */
export interface RemoteLedger {
  readonly environment: string;
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /** The KMS key of the state objects; else the bucket's default encryption. */
  readonly kmsKeyId?: string;
}

/** The S3 object of `env`'s ledger, beside its state; undefined when its state is not in S3 (the local directory is then the ledger itself). */
export function remoteLedgerOf(env: Pick<ManifestEnvironment, "name" | "backend" | "resolved">): RemoteLedger | undefined {
  const backend = env.backend;
  if (backend.type !== "s3") return undefined;
  return { environment: env.name, bucket: backend.bucket, key: `${backend.keyPrefix ?? "envs"}/${env.name}/releases.json`, region: backend.region ?? env.resolved.region, ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}) };
}

/** What a sync did to one environment's ledger. */
export interface LedgerSync {
  readonly environment: string;
  readonly location: string;
  /** The local copy took entries it lacked. */
  readonly pulled: boolean;
  /** The bucket took entries it lacked. */
  readonly pushed: boolean;
}

/** Makes S3 clients; a test passes its own endpoint through `env`, as a user's shell does. */
export type S3Factory = (region: string) => S3Client;

/** S3 clients from the standard AWS environment: `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL` (path-style on a local host, as an emulator needs). */
export function s3Factory(env: Readonly<Record<string, string | undefined>>): S3Factory {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const local = endpoint !== undefined && /^https?:\/\/(localhost|127\.|\[::1\]|\d+\.\d+\.\d+\.\d+)/.test(endpoint);
  // Keys given in `env` are used as given (envctl up passes each account's); otherwise the SDK's chain finds them (profile, SSO, role).
  const keys = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) } } : {};
  return (region) => new S3Client({ region, maxAttempts: 3, forcePathStyle: local, ...(endpoint ? { endpoint } : {}), ...keys });
}

const ATTEMPTS = 5;
const where = (remote: RemoteLedger) => `s3://${remote.bucket}/${remote.key}`;

function failure(remote: RemoteLedger, doing: string, error: unknown): EnvkitError {
  const name = error instanceof S3ServiceException ? error.name : error instanceof Error ? error.message : String(error);
  const hint = /NoSuchBucket/.test(name)
    ? " (the state bucket does not exist: deploy the BootstrapStack first)"
    : /AccessDenied|Forbidden/.test(name)
    ? " (the credentials may not read and write the state bucket: grant s3:GetObject and s3:PutObject on it)"
    : /credentials/i.test(name)
    ? " (no AWS credentials: set them as for the AWS CLI, or let CI assume the deploy role)"
    : " (check the shell's AWS credentials, region and endpoint: AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL)";
  const kept = doing === "read" ? "Nothing was changed." : "The local copy keeps every entry; the next envctl command that reaches the bucket uploads it.";
  return new EnvkitError(`environment ${remote.environment}: cannot ${doing} its release ledger at ${where(remote)}: ${name}${hint}. ${kept}`, EXIT.findings);
}

async function download(s3: S3Client, remote: RemoteLedger): Promise<{ ledger: Ledger; etag?: string }> {
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: remote.bucket, Key: remote.key }));
    const text = (await got.Body?.transformToString("utf8")) ?? "";
    return { ledger: parseLedger(text, where(remote), remote.environment), etag: got.ETag };
  } catch (error) {
    if (error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404) && error.name !== "NoSuchBucket") return { ledger: emptyLedger(remote.environment) };
    if (error instanceof EnvkitError) throw error;
    throw failure(remote, "read", error);
  }
}

/** Uploads `ledger` if the object is still as read (`etag`); false when someone wrote in between. */
async function upload(s3: S3Client, remote: RemoteLedger, ledger: Ledger, etag: string | undefined): Promise<boolean> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: remote.bucket,
        Key: remote.key,
        Body: ledgerText(ledger, where(remote)),
        ContentType: "application/json",
        ...(etag ? { IfMatch: etag } : { IfNoneMatch: "*" }),
        ...(remote.kmsKeyId ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: remote.kmsKeyId } : {}),
      })
    );
    return true;
  } catch (error) {
    if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 412 || error.$metadata.httpStatusCode === 409)) return false;
    throw failure(remote, "write", error);
  }
}

/**
 * Makes the local copy and the S3 object of each ledger one (the union of
 * their entries), for the environments whose state is in S3; the others are
 * left as they are. Fails, naming the environment and the object, when a
 * bucket cannot be read or written: a command must not act on a ledger it
 * could not see whole.
 */
export async function syncLedgers(store: LedgerStore, remotes: readonly RemoteLedger[], clients: S3Factory): Promise<LedgerSync[]> {
  const byRegion = new Map<string, S3Client>();
  const clientFor = (region: string) => byRegion.get(region) ?? byRegion.set(region, clients(region)).get(region)!;
  try {
    return await Promise.all(
      remotes.map(async (remote) => {
        const s3 = clientFor(remote.region);
        let pulled = false;
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
          const { ledger: inBucket, etag } = await download(s3, remote);
          const local = store.read(remote.environment);
          const merged = mergeLedgers(inBucket, local);
          if (!sameLedger(merged, local)) {
            store.write(merged);
            pulled = true;
          }
          const empty = merged.deployments.length + merged.approvals.length + merged.promotions.length + (merged.breakGlass ?? []).length === 0;
          if (sameLedger(merged, inBucket) || (empty && etag === undefined)) return { environment: remote.environment, location: where(remote), pulled, pushed: false };
          if (await upload(s3, remote, merged, etag)) return { environment: remote.environment, location: where(remote), pulled, pushed: true };
        }
        throw new EnvkitError(`environment ${remote.environment}: its release ledger at ${where(remote)} changed under every one of ${ATTEMPTS} attempts to write it; try again.`, EXIT.findings);
      })
    );
  } finally {
    for (const client of byRegion.values()) client.destroy();
  }
}

/** The S3 ledgers of `environments` named in `names` (of all of them when no names are given). */
export function remoteLedgersIn(environments: readonly Pick<ManifestEnvironment, "name" | "backend" | "resolved">[], names?: readonly string[]): RemoteLedger[] {
  return environments.filter((e) => !names || names.includes(e.name)).flatMap((e) => remoteLedgerOf(e) ?? []);
}

/** `syncLedgers` for those of `environments` (named in `names`, else all) whose state is in S3; nothing to do, and no client made, for the others. */
export function syncEnvironmentLedgers(store: LedgerStore, environments: readonly Pick<ManifestEnvironment, "name" | "backend" | "resolved">[], clients: S3Factory, names?: readonly string[]): Promise<LedgerSync[]> {
  return syncLedgers(store, remoteLedgersIn(environments, names), clients);
}
