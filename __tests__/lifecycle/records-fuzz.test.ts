/**
 * Issue 17, class 4, fuzzed: clocks and records. A renewal at any simulated
 * time never writes an expiry past the real clock plus the tier's maximum,
 * and what it writes reads back; a record file of any content is either a
 * consistent record or an error that names the file and the field.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import { isEnvkitError } from "../../lib/core/errors";
import { NODE_FS } from "../../lib/core/fs";
import { TIERS, type Tier } from "../../lib/core/profile";
import { addHours, formatUtc, parseUtcInstant } from "../../lib/core/time";
import { tierProfile } from "../../lib/core/tiers";
import { lifecycleStore, type LifecycleRecord } from "../../lib/lifecycle/records";
import { renewRecord } from "../../controller/lifecycle/renew";

const SEED = 20261206;
const HOUR = 3_600_000;
const REAL = new Date("2026-12-06T10:00:00Z");
const EPHEMERAL_TIERS = TIERS.filter((t) => tierProfile(t).lifecycle.persistence !== "always");
const ms = (text: string | undefined) => (text === undefined ? undefined : (parseUtcInstant(text) as Date).getTime());

describe("fuzz: renewals at any simulated time", () => {
  it("never write an expiry past the real clock plus the tier's maximum, and what they write reads back", () => {
    const dir = mkdtempSync(join(tmpdir(), "envkit-renewfuzz-"));
    const store = lifecycleStore(NODE_FS, dir);
    const seen = { written: 0, refused: 0 };
    try {
      fc.assert(
        fc.property(
          fc.constantFrom(...EPHEMERAL_TIERS),
          fc.oneof(fc.integer({ min: -24 * 30, max: 24 * 30 }), fc.integer({ min: -24 * 400, max: 24 * 365 * 80 })),
          fc.integer({ min: -24 * 30, max: 0 }),
          fc.oneof(fc.integer({ min: 1, max: 24 * 14 }), fc.integer({ min: 1, max: 24 * 400 })),
          (tier: Tier, simulatedOffset, createdOffset, hours) => {
            const now = addHours(REAL, simulatedOffset);
            const createdAt = formatUtc(addHours(REAL, createdOffset));
            const env = { name: "pr-1", tier, lifecycle: { kind: "ephemeral" as const, createdAt, expiresAt: formatUtc(addHours(REAL, createdOffset + 1)) } };
            let record: LifecycleRecord;
            try {
              record = renewRecord(env, undefined, hours, now, REAL);
            } catch (error) {
              if (!isEnvkitError(error)) throw error;
              expect((error as Error).message).toMatch(/tier|--for|--now/);
              seen.refused++;
              return;
            }
            const max = tierProfile(tier).lifecycle.maxTtlHours;
            expect(ms(record.expiresAt) as number).toBeLessThanOrEqual(REAL.getTime() + max * HOUR);
            expect(ms(record.expiresAt) as number).toBeLessThanOrEqual(now.getTime() + max * HOUR);
            expect(now.getTime()).toBeGreaterThanOrEqual(ms(createdAt) as number);
            store.write(record);
            expect(store.readAll().get("pr-1")).toEqual(record);
            seen.written++;
          },
        ),
        { seed: SEED, numRuns: 1500 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(seen.written).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(100);
  });
});

/** Field values, valid and not: instants in and out of order, other types, injected text. */
const instantish = fc.oneof(
  fc.integer({ min: -24 * 800, max: 24 * 365 * 100 }).map((h) => formatUtc(addHours(REAL, h))),
  fc.constantFrom("2099-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "yesterday", "", "2026-12-06T10:00:00+02:00", "2026-12-06", "9999-12-31T23:59:59Z"),
  fc.jsonValue({ maxDepth: 1 }),
);
const recordish = fc.record(
  {
    environment: fc.oneof(fc.constant("pr-1"), fc.constantFrom("PR-1", "pr-2", "../prod", "", "a".repeat(40)), fc.jsonValue({ maxDepth: 1 })),
    tier: fc.oneof(fc.constantFrom(...TIERS), fc.constantFrom("Prod", "qa", ""), fc.jsonValue({ maxDepth: 1 })),
    createdAt: instantish,
    expiresAt: instantish,
    renewedAt: instantish,
    destroyedAt: instantish,
    destroyedBy: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })),
    owner: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })),
    cidr: fc.oneof(fc.constantFrom("10.100.0.0/16"), fc.jsonValue({ maxDepth: 1 })),
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);
/** A record as the tool writes it, with an expiry at most twice the tier's maximum away. */
const plausible = fc
  .record({ tier: fc.constantFrom(...TIERS), created: fc.integer({ min: -24 * 60, max: 24 * 60 }), ttl: fc.integer({ min: -2, max: 24 * 200 }), renewedAfter: fc.option(fc.integer({ min: 0, max: 24 * 30 })) })
  .map(({ tier, created, ttl, renewedAfter }) => ({
    environment: "pr-1",
    tier,
    createdAt: formatUtc(addHours(REAL, created)),
    ...(renewedAfter === null ? {} : { renewedAt: formatUtc(addHours(REAL, created + renewedAfter)) }),
    expiresAt: formatUtc(addHours(REAL, created + (renewedAfter ?? 0) + ttl)),
  }));
const fileContent = fc.oneof(
  { weight: 4, arbitrary: plausible.map((r) => JSON.stringify(r)) },
  { weight: 4, arbitrary: recordish.map((r) => JSON.stringify(r)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "{", "null", "[]", '{"environment": "pr-1"}', "\u0000\u0001") },
);

describe("fuzz: record files of any content", () => {
  it("read as consistent records or refused with an error naming the file and the field", () => {
    const seen = { read: 0, refused: 0 };
    fc.assert(
      fc.property(fileContent, fc.boolean(), (content, asDirectory) => {
        const dir = mkdtempSync(join(tmpdir(), "envkit-recordfuzz-"));
        try {
          const records = join(dir, "terraform-state/lifecycle");
          mkdirSync(records, { recursive: true });
          if (asDirectory) mkdirSync(join(records, "pr-1.json"));
          else writeFileSync(join(records, "pr-1.json"), content);
          let read: Map<string, LifecycleRecord>;
          try {
            read = lifecycleStore(NODE_FS, dir).readAll();
          } catch (error) {
            if (!isEnvkitError(error)) throw error;
            expect((error as Error).message).toContain(join(records, "pr-1.json"));
            seen.refused++;
            return;
          }
          seen.read++;
          for (const record of read.values()) {
            const [created, expires, renewed] = [ms(record.createdAt) as number, ms(record.expiresAt) as number, ms(record.renewedAt)];
            expect(record.environment).toBe("pr-1");
            expect(expires).toBeGreaterThan(created);
            if (renewed !== undefined) expect(renewed >= created && renewed < expires).toBe(true);
            expect(expires - (renewed ?? created)).toBeLessThanOrEqual(tierProfile(record.tier).lifecycle.maxTtlHours * HOUR);
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { seed: SEED, numRuns: 1500 },
    );
    expect(seen.refused).toBeGreaterThan(500);
    expect(seen.read).toBeGreaterThan(50);
  });
});
