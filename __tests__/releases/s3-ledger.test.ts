/**
 * Release ledgers beside S3 states, on the local AWS API: two checkouts (two
 * CI runners) share one audit trail through the state bucket, concurrent
 * writers lose nothing, a local-only entry is taken to the bucket, and a
 * bucket out of reach stops the command before it records anything.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import * as fc from "fast-check";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { EXIT } from "../../lib/core/errors";
import { NODE_FS } from "../../controller/cli/io";
import { emptyLedger, ledgerStore, mergeLedgers, sameLedger, type Ledger } from "../../lib/releases/ledger";
import { remoteLedgerOf, s3Factory, syncLedgers } from "../../controller/releases/remote";
import { startEmulator, type Emulator } from "../emulator/moto";
import { ORG } from "../helpers/fixtures";
import { project } from "./../rollout/project";

const BUCKET = "acme-envkit-state";
const S3_ORG = { ...ORG, backend: { type: "s3" as const, bucket: BUCKET, keyPrefix: "estate" }, promotion: { prod: { soakHours: 0 } } };

let emulator: Emulator;
let aws: Record<string, string>;
let s3: S3Client;

beforeAll(async () => {
  emulator = await startEmulator("999999999999");
  aws = { AWS_ENDPOINT_URL: emulator.endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "eu-west-1" };
  s3 = new S3Client({ endpoint: emulator.endpoint, region: "eu-west-1", forcePathStyle: true, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  await emulator?.stop();
});

async function inBucket(env: string): Promise<Ledger | undefined> {
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `estate/${env}/releases.json` }));
    return JSON.parse(await got.Body!.transformToString());
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return undefined;
    throw error;
  }
}

describe("ledgers beside S3 states", () => {
  it("puts each environment's ledger beside its state key, in the state bucket and region", () => {
    const env = { name: "prod", backend: { type: "s3", bucket: BUCKET, keyPrefix: "estate", kmsKeyId: "alias/state" }, resolved: { region: "eu-west-1" } } as never;
    expect(remoteLedgerOf(env)).toEqual({ environment: "prod", bucket: BUCKET, key: "estate/prod/releases.json", region: "eu-west-1", kmsKeyId: "alias/state" });
    expect(remoteLedgerOf({ name: "dev", backend: { type: "local" }, resolved: { region: "eu-west-1" } } as never)).toBeUndefined();
  });

  it("two checkouts share one trail: a deploy recorded on one, approvals from both, a promotion on the other; nothing lost when both write at once", async () => {
    const runnerA = project(S3_ORG, aws);
    const runnerB = project(S3_ORG, aws);
    runnerA.synth();
    runnerB.synth();

    // Runner A deploys staging: its record goes to the bucket.
    expect((await runnerA.envctl(["up", "staging"])).code).toBe(EXIT.ok);
    const staging = await inBucket("staging");
    expect(staging?.deployments).toHaveLength(1);
    const release = staging!.deployments[0].release;

    // Runner B never deployed anything, yet approves: it reads staging's deploy from the bucket.
    const alice = await runnerB.envctl(["approve", "prod", "--release", release], "alice");
    expect(alice).toMatchObject({ code: EXIT.ok, stdout: expect.stringContaining(`approved: ${release} for prod by alice`) });
    // Two approvals at once, from the two runners: each upload is conditional, and the one that lost the race merges and retries.
    const [bob, dave] = await Promise.all([runnerA.envctl(["approve", "prod", "--release", release], "bob"), runnerB.envctl(["approve", "prod", "--release", release], "dave")]);
    expect([bob.code, dave.code]).toEqual([EXIT.ok, EXIT.ok]);
    expect((await inBucket("prod"))?.approvals.map((a) => a.approver).sort()).toEqual(["alice", "bob", "dave"]);

    // Runner B promotes with the approvals recorded from A; runner A then sees the promotion, and its synth opens the gate.
    const promoted = await runnerB.envctl(["promote", "staging", "prod"], "carol");
    expect(promoted).toMatchObject({ code: EXIT.ok, stdout: expect.stringContaining(`promoted ${release} from staging to prod by carol`) });
    const history = await runnerA.envctl(["history", "prod", "--format", "json"]);
    const events: string[] = JSON.parse(history.stdout).events.map((e: { event: string; by: string }) => `${e.event} ${e.by}`);
    expect(events[0]).toBe("promotion carol");
    expect(events.slice(1).sort()).toEqual(["approval alice", "approval bob", "approval dave"]);
    // Runner A's local copy, the one its synth reads, is now the bucket's.
    expect(sameLedger(runnerA.ledger("prod"), (await inBucket("prod"))!)).toBe(true);
    const plan = await runnerA.envctl(["up", "prod", "--plan", "--format", "json"]);
    expect(plan.code).toBe(EXIT.ok);
    expect(runnerA.manifest().environments.find((e: { name: string }) => e.name === "prod").release).toMatchObject({ id: release, promoted: true });
  }, 120_000);

  it("an upload of a ledger someone changed since it was read is refused by S3 (If-Match), merged again and retried: both entries kept", async () => {
    const dir = project(S3_ORG, aws).dir;
    const store = ledgerStore(NODE_FS, dir);
    const remote = { environment: "test", bucket: BUCKET, key: "estate/test/releases.json", region: "eu-west-1" };
    const approval = (approver: string) => ({ release: "rel-0123456789ab", approver, at: "2026-12-01T09:00:00Z" });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: remote.key, Body: JSON.stringify({ ...emptyLedger("test"), approvals: [approval("erin")] }) }));
    store.write({ ...emptyLedger("test"), approvals: [approval("frank")] });
    let puts = 0;
    const racing = (region: string) => {
      const client = s3Factory(aws)(region);
      const send = client.send.bind(client);
      // Between this run's read and its first upload, another runner writes the object.
      client.send = (async (command: { constructor: { name: string } }) => {
        if (command.constructor.name === "PutObjectCommand" && puts++ === 0) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: remote.key, Body: JSON.stringify({ ...emptyLedger("test"), approvals: [approval("erin"), approval("grace")] }) }));
        return send(command as never);
      }) as never;
      return client;
    };
    const [sync] = await syncLedgers(store, [remote], racing);
    expect(puts).toBe(2);
    expect(sync).toMatchObject({ environment: "test", pushed: true, pulled: true });
    expect((await inBucket("test"))?.approvals.map((a) => a.approver).sort()).toEqual(["erin", "frank", "grace"]);
    expect(store.read("test").approvals.map((a) => a.approver).sort()).toEqual(["erin", "frank", "grace"]);
  }, 60_000);

  it("takes an entry only the local copy holds (a break-glass synth) to the bucket with the next command", async () => {
    const p = project(S3_ORG, aws);
    p.synth({ ENVKIT_BREAK_GLASS: "INC-7: payments down" });
    expect(p.ledger("prod").breakGlass).toHaveLength(1);
    const before = (await inBucket("prod"))?.breakGlass ?? [];
    expect((await p.envctl(["history", "prod"])).code).toBe(EXIT.ok);
    const after = (await inBucket("prod"))?.breakGlass ?? [];
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({ reason: "INC-7: payments down" });
  }, 60_000);

  it("stops before recording anything when the bucket is out of reach, naming the environment and the object", async () => {
    const p = project({ ...S3_ORG, backend: { ...S3_ORG.backend, bucket: "acme-no-such-bucket" } }, aws);
    p.synth();
    const approve = await p.envctl(["approve", "prod", "--release", "rel-0123456789ab"], "alice");
    expect(approve.code).toBe(EXIT.findings);
    expect(approve.stderr).toMatch(/environment (dev|staging|prod): cannot read its release ledger at s3:\/\/acme-no-such-bucket\/estate\/(dev|staging|prod)\/releases\.json: NoSuchBucket \(the state bucket does not exist: deploy the BootstrapStack first\)\. Nothing was changed\./);
    expect(existsSync(join(p.dir, "terraform-state", "releases", "prod.json"))).toBe(false);
  }, 60_000);
});

describe("merging two copies of a ledger", () => {
  const instant = fc.integer({ min: 0, max: 1_000 }).map((h) => new Date(Date.UTC(2026, 11, 1) + h * 3_600_000).toISOString().replace(".000Z", "Z"));
  const release = fc.constantFrom("rel-0123456789ab", "rel-ba9876543210");
  const who = fc.constantFrom("alice", "bob", "carol");
  const ledger: fc.Arbitrary<Ledger> = fc.record({
    environment: fc.constant("prod"),
    deployments: fc.array(fc.record({ release, digest: fc.constant("a".repeat(64)), revision: fc.record({ commit: fc.constant("0123456789abcdef"), dirty: fc.boolean() }), library: fc.constant("0.1.0"), deployedAt: instant, deployedBy: who }), { maxLength: 4 }),
    approvals: fc.array(fc.record({ release, approver: who, at: instant }), { maxLength: 4 }),
    promotions: fc.array(fc.record({ release, digest: fc.constant("a".repeat(64)), from: fc.constant("staging"), by: who, at: instant, approvers: fc.array(who, { maxLength: 2 }), rollback: fc.boolean() }), { maxLength: 3 }),
    breakGlass: fc.array(fc.record({ release, reason: fc.constantFrom("INC-1", "INC-2"), by: who, at: instant }), { maxLength: 2 }),
  });
  const entries = (l: Ledger) => [...l.deployments, ...l.approvals, ...l.promotions, ...(l.breakGlass ?? [])].map((e) => JSON.stringify(e)).sort();
  const distinct = (l: Ledger) => [...new Set(entries(l))];

  it("keeps every entry of either copy, once; is the same whichever copy comes first; and changes nothing merged again", () => {
    fc.assert(
      fc.property(ledger, ledger, ledger, (a, b, c) => {
        const ab = mergeLedgers(a, b);
        expect(distinct(ab)).toEqual([...new Set([...entries(a), ...entries(b)])].sort());
        expect(entries(ab)).toEqual(distinct(ab));
        expect(entries(mergeLedgers(b, a))).toEqual(entries(ab));
        expect(sameLedger(mergeLedgers(ab, b), ab)).toBe(true);
        expect(entries(mergeLedgers(mergeLedgers(a, b), c))).toEqual(entries(mergeLedgers(a, mergeLedgers(b, c))));
        // Each kind stays in the order of its instants.
        const times = ab.approvals.map((x) => x.at);
        expect(times).toEqual([...times].sort());
      }),
      { numRuns: 200 },
    );
  });

  it("refuses to merge the ledgers of two environments", () => {
    expect(() => mergeLedgers(emptyLedger("prod"), emptyLedger("staging"))).toThrow("cannot merge the release ledgers of prod and staging");
  });
});
