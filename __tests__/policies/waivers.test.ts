import { EXPIRED_WAIVER_RULE_ID, evaluate, PolicyInputError } from "../../policies/engine";
import { databaseNotPublic, s3BucketEncrypted } from "../../policies/rules";
import { isExpired, parseWaivers, parseWaiversJson, Waiver, waiverMatches } from "../../policies/waivers";
import { NOW, stackOf } from "./helpers";

const bucket = { aws_s3_bucket: { data: { "//": { metadata: { path: "env-test/storage/data/Resource" } } } } };
const waiver = (overrides: Partial<Waiver> = {}): Waiver => ({
  ruleId: "ENV-ENC-001",
  resource: "aws_s3_bucket.data",
  reason: "Legacy bucket, migrated in Q1",
  owner: "data-team",
  expires: "2026-03-31",
  ...overrides,
});

describe("parseWaivers", () => {
  it("accepts an array or {waivers: [...]}", () => {
    expect(parseWaivers([waiver()])).toHaveLength(1);
    expect(parseWaivers({ waivers: [waiver()] })).toHaveLength(1);
  });

  it("rejects a waiver without reason or expiry, naming the index and the field", () => {
    const { reason: _r, expires: _e, ...incomplete } = waiver();
    expect(() => parseWaivers([waiver(), incomplete], "waivers.json")).toThrow(/waivers\.json: 2 problems.*\n.*waiver 1 \(reason\): reason is missing\n.*waiver 1 \(expires\): expires is missing/);
  });

  it("rejects a waiver with neither owner nor ticket, and one with neither resource nor constructPath", () => {
    const { owner: _o, resource: _res, ...bare } = waiver();
    expect(() => parseWaivers([bare])).toThrow(/owner or ticket is missing[\s\S]*|resource or constructPath is missing/);
    try {
      parseWaivers([bare]);
    } catch (error) {
      expect((error as Error).message).toContain("waiver 0 (resource): resource or constructPath is missing");
      expect((error as Error).message).toContain("waiver 0 (owner): owner or ticket is missing");
    }
  });

  it("rejects malformed expiry dates and unknown keys", () => {
    expect(() => parseWaivers([waiver({ expires: "31/03/2026" })])).toThrow(/expires must be a real date YYYY-MM-DD/);
    expect(() => parseWaivers([waiver({ expires: "2026-02-30" })])).toThrow(/expires must be a real date YYYY-MM-DD/);
    expect(parseWaivers([waiver({ expires: "2026-02-28T18:30:00Z" })])).toHaveLength(1);
    expect(() => parseWaivers([{ ...waiver(), reviewer: "x" }])).toThrow(/waiver 0: Unrecognized key/);
  });

  it("rejects invalid JSON and the wrong top-level shape", () => {
    expect(() => parseWaiversJson("{", "w.json")).toThrow(/w\.json: not valid JSON/);
    expect(() => parseWaivers("nope", "w.json")).toThrow(PolicyInputError);
  });
});

describe("waiver matching and expiry", () => {
  it("matches by exact address or by construct path prefix", () => {
    const finding = { ruleId: "ENV-ENC-001", resource: "aws_s3_bucket.data", stack: "env-test", constructPath: "env-test/storage/data/Resource" };
    expect(waiverMatches(waiver(), finding)).toBe(true);
    expect(waiverMatches(waiver({ resource: undefined, constructPath: "env-test/storage" }), finding)).toBe(true);
    expect(waiverMatches(waiver({ resource: undefined, constructPath: "env-test/stor" }), finding)).toBe(false);
    expect(waiverMatches(waiver({ stack: "env-prod" }), finding)).toBe(false);
  });

  it("keeps a date-only waiver valid through the end of that day (UTC)", () => {
    expect(isExpired(waiver({ expires: "2026-01-15" }), NOW)).toBe(false);
    expect(isExpired(waiver({ expires: "2026-01-14" }), NOW)).toBe(true);
    expect(isExpired(waiver({ expires: "2026-01-15T11:00:00Z" }), NOW)).toBe(true);
  });
});

describe("evaluate with waivers", () => {
  it("waives a matching finding: it stays in the report, marked waived, out of the error count", () => {
    const report = evaluate([s3BucketEncrypted], [stackOf(bucket)], { now: NOW, waivers: [waiver()] });
    expect(report.findings[0]).toMatchObject({ waived: true, waiver: waiver() });
    expect(report.summary).toMatchObject({ errors: 0, waived: 1 });
    expect(report.waivers.inForce).toEqual([waiver()]);
  });

  it("waives by construct path prefix (inherited by every resource below)", () => {
    const report = evaluate([s3BucketEncrypted], [stackOf(bucket)], { now: NOW, waivers: [waiver({ resource: undefined, constructPath: "env-test/storage" })] });
    expect(report.findings[0].waived).toBe(true);
  });

  it("fails to waive with an expired waiver, and reports the expired waiver as a warning and in waivers.expired", () => {
    const expired = waiver({ expires: "2026-01-01" });
    const report = evaluate([s3BucketEncrypted], [stackOf(bucket)], { now: NOW, waivers: [expired] });
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.waived])).toEqual([
      ["ENV-ENC-001", "error", false],
      [EXPIRED_WAIVER_RULE_ID, "warning", false],
    ]);
    expect(report.findings[1].message).toContain("expired on 2026-01-01");
    expect(report.waivers.expired).toEqual([expired]);
    expect(report.summary).toMatchObject({ errors: 1, warnings: 1, waived: 0 });
  });

  it("reports a waiver that matched nothing as unused", () => {
    const stray = waiver({ resource: "aws_s3_bucket.gone" });
    const report = evaluate([s3BucketEncrypted], [stackOf(bucket)], { now: NOW, waivers: [waiver(), stray] });
    expect(report.waivers.unused).toEqual([stray]);
  });

  it("refuses to waive a rule that is unwaivable in prod, saying so in the finding", () => {
    const db = { aws_db_instance: { d: { publicly_accessible: true } } };
    const w = waiver({ ruleId: databaseNotPublic.id, resource: "aws_db_instance.d" });
    const report = evaluate([databaseNotPublic], [stackOf(db, { tier: "prod" })], { now: NOW, waivers: [w] });
    expect(report.findings[0]).toMatchObject({ waived: false, severity: "error" });
    expect(report.findings[0].message).toContain("waiver refused: ENV-PUB-005 cannot be waived in prod");
    expect(report.summary.errors).toBe(1);
  });

  it("accepts the same waiver below prod", () => {
    const db = { aws_db_instance: { d: { publicly_accessible: true } } };
    const w = waiver({ ruleId: databaseNotPublic.id, resource: "aws_db_instance.d" });
    expect(evaluate([databaseNotPublic], [stackOf(db, { tier: "staging" })], { now: NOW, waivers: [w] }).findings[0].waived).toBe(true);
  });
});

describe("a waiver's lifetime is capped (maxWaiverDays, 90 days by default)", () => {
  const unencrypted = () => stackOf(bucket, { tier: "prod" });

  it("Noncompliance: a waiver that runs past 90 days from now waives nothing, and a finding says why", async () => {
    const { definePolicy } = await import("../../policies/packs");
    const report = evaluate(definePolicy(), [unencrypted()], { now: NOW, waivers: [waiver({ expires: "9999-12-31" })] });
    expect(report.findings.find((f) => f.ruleId === "ENV-ENC-001")).toMatchObject({ waived: false, severity: "error" });
    expect(report.findings.find((f) => f.ruleId === "ENV-WAIVER-TOO-LONG")?.message).toBe("the waiver of ENV-ENC-001 for aws_s3_bucket.data (owner data-team) expires on 9999-12-31, more than 90 days from now; it waives nothing");
    expect(report.waivers.inForce).toEqual([]);
  });

  it("Compliance: a waiver within the cap waives; the organization can lower or raise the cap", async () => {
    const { definePolicy } = await import("../../policies/packs");
    const within = evaluate(definePolicy(), [unencrypted()], { now: NOW, waivers: [waiver({ expires: "2026-03-31" })], maxWaiverDays: 90 });
    expect(within.findings.find((f) => f.ruleId === "ENV-ENC-001")?.waived).toBe(true);
    const strict = definePolicy({ maxWaiverDays: 30 });
    expect(strict.maxWaiverDays).toBe(30);
    expect(strict.toData().maxWaiverDays).toBe(30);
    const tooLong = evaluate(strict, [unencrypted()], { now: NOW, waivers: [waiver({ expires: "2026-03-31" })], maxWaiverDays: strict.maxWaiverDays });
    expect(tooLong.findings.find((f) => f.ruleId === "ENV-ENC-001")?.waived).toBe(false);
  });

  it("rejects a cap that is not a whole number of days from 1 to 366", async () => {
    const { definePolicy } = await import("../../policies/packs");
    expect(() => definePolicy({ maxWaiverDays: 9999 })).toThrow("maxWaiverDays: must be a whole number of days from 1 to 366; found 9999");
  });
});
