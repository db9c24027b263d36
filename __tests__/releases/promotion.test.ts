/**
 * Issue 19, the promotion rules (groundwork): soak, approvals, the promoter
 * who cannot approve, dirty trees and rollbacks, by example and as
 * properties over random histories; and the ledger they read, which refuses
 * what is damaged.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import { isEnvkitError } from "../../lib/core/errors";
import { NODE_FS } from "../../lib/core/fs";
import { addHours, formatUtc } from "../../lib/core/time";
import { emptyLedger, ledgerStore, releaseId, type Deployment, type Ledger } from "../../lib/releases/ledger";
import { judgePromotion, PROMOTION_DEFAULTS, withApproval, withPromotion, type PromotionPolicy } from "../../lib/releases/promotion";

const T0 = new Date("2026-12-01T00:00:00Z");
const at = (hours: number) => formatUtc(addHours(T0, hours));
const DIGESTS = ["a".repeat(64), "b".repeat(64), "c".repeat(64)];
const deployment = (digest: string, hours: number, extra: Partial<Deployment> = {}): Deployment => ({
  release: releaseId(digest),
  digest,
  revision: { commit: "0123abcd", dirty: false },
  library: "0.1.0",
  deployedAt: at(hours),
  deployedBy: "ci",
  healthyAt: at(hours + 0.1),
  ...extra,
});
const staging = (...deployments: Deployment[]): Ledger => ({ ...emptyLedger("staging"), deployments });
const PROD = PROMOTION_DEFAULTS.prod;

describe("judgePromotion, by example", () => {
  const first = releaseId(DIGESTS[0]);

  it("refuses before the soak time and without approvals, naming each thing missing and when to come back", () => {
    const verdict = judgePromotion({ from: staging(deployment(DIGESTS[0], 0)), to: emptyLedger("prod"), toTier: "prod", promoter: "ana", now: new Date(at(2)), policy: PROD });
    expect(verdict.problems).toEqual([
      `release ${first} has been healthy in staging for 1h 54m; prod requires 1d healthy in staging: promote after 2026-12-02T00:06:00Z`,
      `prod requires 2 approvals of release ${first} by people other than the promoter (ana); it has 0 (none): envctl approve prod --release ${first}`,
    ]);
  });

  it("allows it after the soak time with two approvers other than the promoter, and records who approved", () => {
    let prod = withApproval(emptyLedger("prod"), first, "bo", new Date(at(3)));
    prod = withApproval(prod, first, "bo", new Date(at(4)));
    expect(judgePromotion({ from: staging(deployment(DIGESTS[0], 0)), to: prod, toTier: "prod", promoter: "ana", now: new Date(at(30)), policy: PROD }).problems).toEqual([
      expect.stringContaining("it has 1 (bo)"),
    ]);
    prod = withApproval(prod, first, "ana", new Date(at(5)));
    expect(judgePromotion({ from: staging(deployment(DIGESTS[0], 0)), to: prod, toTier: "prod", promoter: "ana", now: new Date(at(30)), policy: PROD }).problems).toEqual([
      expect.stringContaining("ana approved it and promotes it, and one person cannot do both"),
    ]);
    prod = withApproval(prod, first, "cy", new Date(at(6)));
    const verdict = judgePromotion({ from: staging(deployment(DIGESTS[0], 0)), to: prod, toTier: "prod", promoter: "ana", now: new Date(at(30)), policy: PROD });
    expect(verdict).toMatchObject({ problems: [], rollback: false, approvers: ["bo", "cy"] });
    expect(withPromotion(prod, "staging", verdict, "ana", new Date(at(30))).promotions).toEqual([{ release: first, digest: DIGESTS[0], from: "staging", by: "ana", at: at(30), approvers: ["bo", "cy"], rollback: false }]);
  });

  it("refuses a release built from a dirty tree, one never healthy, one never deployed below, and lists parity problems", () => {
    const dirty = deployment(DIGESTS[0], 0, { revision: { commit: "0123abcd", dirty: true } });
    const dirtyOnly = `release ${first} was only deployed to staging from a working tree with uncommitted changes (or outside git); commit them and deploy staging again`;
    expect(judgePromotion({ from: staging(dirty), to: emptyLedger("prod"), toTier: "prod", promoter: "ana", now: new Date(at(48)), policy: { ...PROD, approvals: 0 } }).problems).toEqual([dirtyOnly]);
    const outsideGit = deployment(DIGESTS[0], 0, { revision: { commit: null, dirty: true } });
    expect(judgePromotion({ from: staging(outsideGit), to: emptyLedger("prod"), toTier: "prod", promoter: "ana", now: new Date(at(48)), policy: { ...PROD, approvals: 0 } }).problems).toEqual([dirtyOnly]);
    // The same content deployed again from a commit clears it.
    expect(judgePromotion({ from: staging(dirty, deployment(DIGESTS[0], 1)), to: emptyLedger("prod"), toTier: "prod", promoter: "ana", now: new Date(at(48)), policy: { ...PROD, approvals: 0 } }).problems).toEqual([]);
    const unhealthy = deployment(DIGESTS[0], 0, { healthyAt: undefined });
    expect(judgePromotion({ from: staging(unhealthy), to: emptyLedger("prod"), toTier: "prod", promoter: "ana", now: new Date(at(48)), policy: { ...PROD, approvals: 0 }, parityProblems: ["ENV-PAR-001: staging does not run worker"] }).problems).toEqual([
      `release ${first} was never found healthy in staging: envctl up records health after each deploy`,
      "ENV-PAR-001: staging does not run worker",
    ]);
    expect(judgePromotion({ from: staging(deployment(DIGESTS[0], 0)), to: emptyLedger("prod"), toTier: "prod", release: "rel-ffffffffffff", promoter: "ana", now: new Date(at(48)), policy: PROD }).problems).toEqual([
      `release rel-ffffffffffff was never deployed to staging (its releases: ${first})`,
    ]);
    expect(judgePromotion({ from: emptyLedger("staging"), to: emptyLedger("prod"), toTier: "prod", promoter: "ana", now: new Date(at(48)), policy: PROD }).problems).toEqual([
      "staging has no release: deploy it with envctl up, which records one once it is healthy",
    ]);
  });

  it("rolls back to an older release that ran in prod without a new soak, but with its approvals", () => {
    const second = releaseId(DIGESTS[1]);
    const from = staging(deployment(DIGESTS[0], 0), deployment(DIGESTS[1], 30));
    let prod = withApproval(withApproval(emptyLedger("prod"), first, "bo", new Date(at(25))), first, "cy", new Date(at(25)));
    prod = withPromotion(prod, "staging", judgePromotion({ from: staging(deployment(DIGESTS[0], 0)), to: prod, toTier: "prod", promoter: "ana", now: new Date(at(26)), policy: PROD }), "ana", new Date(at(26)));
    // The second release soaked 2 hours only; the first ran in prod: a rollback to it needs no soak.
    expect(judgePromotion({ from, to: prod, toTier: "prod", promoter: "ana", now: new Date(at(32)), policy: PROD }).problems).toEqual([
      expect.stringContaining(`release ${second} has been healthy in staging for 1h 54m`),
      expect.stringContaining("it has 0 (none)"),
    ]);
    expect(judgePromotion({ from, to: prod, toTier: "prod", release: first, promoter: "ana", now: new Date(at(32)), policy: PROD })).toMatchObject({ problems: [], rollback: true, approvers: ["bo", "cy"] });
  });

  it("never records a refused promotion", () => {
    const verdict = judgePromotion({ from: emptyLedger("staging"), to: emptyLedger("prod"), toTier: "prod", promoter: "ana", now: T0, policy: PROD });
    expect(() => withPromotion(emptyLedger("prod"), "staging", verdict, "ana", T0)).toThrow(/a refused promotion cannot be recorded/);
  });
});

/** A random history: staging's deploys (some dirty, some never healthy), prod's approvals and earlier promotions. */
const PEOPLE = ["ana", "bo", "cy", "di"];
const history = fc.record({
  deploys: fc.array(fc.record({ digest: fc.constantFrom(...DIGESTS), gap: fc.integer({ min: 0, max: 40 }), healthy: fc.boolean(), dirty: fc.boolean() }), { minLength: 1, maxLength: 5 }),
  approvals: fc.array(fc.record({ digest: fc.constantFrom(...DIGESTS), approver: fc.constantFrom(...PEOPLE) }), { maxLength: 8 }),
  promoted: fc.subarray(DIGESTS),
  promoter: fc.constantFrom(...PEOPLE),
  later: fc.integer({ min: 0, max: 60 }),
  release: fc.option(fc.constantFrom(...DIGESTS)),
  policy: fc.record({ soakHours: fc.integer({ min: 0, max: 30 }), approvals: fc.integer({ min: 0, max: 3 }), requiresPromotion: fc.constant(true) }),
});
type History = typeof history extends fc.Arbitrary<infer H> ? H : never;

function world(h: History) {
  let hours = 0;
  const deployments = h.deploys.map((d) => {
    hours += d.gap;
    return deployment(d.digest, hours, { revision: { commit: "0123abcd", dirty: d.dirty }, healthyAt: d.healthy ? at(hours + 0.1) : undefined });
  });
  let prod = emptyLedger("prod");
  h.approvals.forEach((a, i) => (prod = withApproval(prod, releaseId(a.digest), a.approver, new Date(at(i)))));
  prod = { ...prod, promotions: h.promoted.map((d) => ({ release: releaseId(d), digest: d, from: "staging", by: "ci", at: at(0), approvers: [], rollback: false })) };
  const request = { from: staging(...deployments), to: prod, toTier: "prod" as const, promoter: h.promoter, now: new Date(at(hours + h.later)), policy: h.policy as PromotionPolicy, ...(h.release ? { release: releaseId(h.release) } : {}) };
  return { request, deployments, prod };
}

describe("property: the promotion rules over random histories", () => {
  const seen = { allowed: 0, refused: 0 };
  afterAll(() => {
    expect(seen.allowed).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(50);
  });

  it("allow a promotion only of a clean release that soaked (or already ran in prod), approved by enough people other than the promoter", () => {
    fc.assert(
      fc.property(history, (h) => {
        const { request } = world(h);
        const verdict = judgePromotion(request);
        if (verdict.problems.length > 0) {
          seen.refused++;
          return;
        }
        seen.allowed++;
        const release = verdict.deployment!.release;
        const ofRelease = request.from.deployments.filter((d) => d.release === release);
        expect(ofRelease.some((d) => !d.revision.dirty && d.revision.commit !== null)).toBe(true);
        expect(new Set(verdict.approvers).size).toBe(verdict.approvers.length);
        expect(verdict.approvers).not.toContain(h.promoter);
        expect(verdict.approvers.length).toBeGreaterThanOrEqual(h.policy.approvals);
        for (const a of verdict.approvers) expect(request.to.approvals.some((x) => x.release === release && x.approver === a)).toBe(true);
        const ranInProd = request.to.promotions.some((p) => p.release === release);
        if (!ranInProd) expect(ofRelease.some((d) => d.healthyAt !== undefined)).toBe(true);
      }),
      { seed: 19, numRuns: 3000 },
    );
  });

  it("never count the promoter's own approval, and an approval by someone new never adds a problem", () => {
    fc.assert(
      fc.property(history, fc.constantFrom(...PEOPLE), (h, newcomer) => {
        const { request } = world(h);
        const before = judgePromotion(request);
        const release = before.deployment?.release;
        if (!release) return;
        const withNew = judgePromotion({ ...request, to: withApproval(request.to, release, newcomer, request.now) });
        expect(withNew.problems.length).toBeLessThanOrEqual(before.problems.length);
        const withOwn = judgePromotion({ ...request, to: withApproval(request.to, release, h.promoter, request.now) });
        expect(withOwn.approvers).toEqual(before.approvers);
      }),
      { seed: 19, numRuns: 2000 },
    );
  });

  it("are monotone in time for the release staging runs: allowed now, allowed later", () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 100 }), (h, hoursLater) => {
        const { request } = world({ ...h, release: null });
        if (judgePromotion(request).problems.length > 0) return;
        expect(judgePromotion({ ...request, now: addHours(request.now, hoursLater) }).problems).toEqual([]);
      }),
      { seed: 19, numRuns: 2000 },
    );
  });

  it("refuse a release never deployed from a clean tree, and let a release that already ran in prod come back without soaking again", () => {
    fc.assert(
      fc.property(history, (h) => {
        const { request } = world(h);
        const verdict = judgePromotion(request);
        const release = verdict.deployment?.release;
        if (!release) return;
        const dirty = !request.from.deployments.some((d) => d.release === release && !d.revision.dirty);
        expect(verdict.problems.some((p) => p.includes("uncommitted changes"))).toBe(dirty);
        if (request.to.promotions.some((p) => p.release === release)) expect(verdict.problems.some((p) => p.includes("requires") && p.includes("healthy in"))).toBe(false);
      }),
      { seed: 19, numRuns: 2000 },
    );
  });
});

describe("the ledger store", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "envkit-ledger-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes and reads back a ledger, and reads an empty one for an environment without a file", () => {
    const store = ledgerStore(NODE_FS, dir);
    const ledger = withApproval(staging(deployment(DIGESTS[0], 0)), releaseId(DIGESTS[0]), "bo", T0);
    store.write(ledger);
    expect(store.read("staging")).toEqual(ledger);
    expect(store.read("prod")).toEqual(emptyLedger("prod"));
  });

  it("refuses a damaged ledger naming the file and each field, and never writes an inconsistent one", () => {
    const store = ledgerStore(NODE_FS, dir);
    mkdirSync(store.directory, { recursive: true });
    writeFileSync(join(store.directory, "prod.json"), JSON.stringify({ environment: "prod", deployments: [{ release: "x" }], approvals: [], promotions: [] }));
    expect(() => store.read("prod")).toThrow(/prod\.json: not a valid release ledger \(deployments\.0\.release: .*deployments\.0\.digest: Required/);
    writeFileSync(join(store.directory, "prod.json"), JSON.stringify(emptyLedger("staging")));
    expect(() => store.read("prod")).toThrow(/names environment staging, not prod/);
    let error: unknown;
    try {
      store.write({ ...emptyLedger("dev"), approvals: [{ release: "rel-000000000000", approver: " ", at: "yesterday" }] });
    } catch (e) {
      error = e;
    }
    expect(isEnvkitError(error)).toBe(true);
    expect(String(error)).toMatch(/dev\.json: refusing to write an inconsistent release ledger \(approvals\.0\.approver: .*approvals\.0\.at: must be an ISO-8601 UTC instant\); nothing was written/);
    expect(() => store.read("dev")).not.toThrow();
  });
});
