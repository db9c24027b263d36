import { TIERS } from "../../../lib/core/tiers";
import { ephemeralHasExpiry, expiryNotPast, expiryWellFormed, expiryWithinMaxTtl, noExpiryInProd, persistenceAllowed } from "../../../policies/rules";
import { compliantTags, findingsOf, flagged } from "../helpers";

const bucket = { aws_s3_bucket: { data: { bucket: "data" } } };
const dev = (overrides: Record<string, string>) => ({ tier: "dev" as const, defaultTags: { ...compliantTags("dev"), ...overrides } });

describe("ENV-TTL-001 ephemeral resources carry expires-at", () => {
  it("Noncompliance 1: fails when an ephemeral stack has no expires-at tag", () => {
    const { "expires-at": _e, ...tags } = compliantTags("dev");
    expect(flagged(ephemeralHasExpiry, bucket, { tier: "dev", defaultTags: tags })).toEqual(["aws_s3_bucket.data"]);
  });

  it("Compliance: passes when expires-at is present", () => {
    expect(flagged(ephemeralHasExpiry, bucket, { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-TTL-002 expires-at is ISO-8601 UTC", () => {
  it.each(["2026-01-17", "2026-01-17T12:00:00+02:00", "17/01/2026", "2026-02-30T00:00:00Z"])("Noncompliance 1: rejects %s", (value) => {
    expect(findingsOf(expiryWellFormed, bucket, dev({ "expires-at": value }))[0].message).toContain("not an ISO-8601 UTC instant");
  });

  it.each(["2026-01-17T12:00:00Z", "2026-01-17T12:00Z", "2026-01-17T12:00:00.250Z"])("Compliance: accepts %s", (value) => {
    expect(flagged(expiryWellFormed, bucket, dev({ "expires-at": value }))).toEqual([]);
  });
});

describe("ENV-TTL-003 expires-at is not in the past", () => {
  it("Noncompliance 1: fails when the expiry is before the clock", () => {
    expect(findingsOf(expiryNotPast, bucket, dev({ "expires-at": "2026-01-15T11:59:59Z" }))[0].message).toContain("has expired");
  });

  it("Compliance: passes when the expiry is after the clock", () => {
    expect(flagged(expiryNotPast, bucket, dev({ "expires-at": "2026-01-15T12:00:01Z" }))).toEqual([]);
  });
});

describe("ENV-TTL-004 expiry within the tier's max TTL", () => {
  it("Noncompliance 1: fails when a preview expires more than 7 days after its created-at tag", () => {
    const tags = { ...compliantTags("preview"), "created-at": "2026-01-10T12:00:00Z", "expires-at": "2026-01-17T12:00:01Z" };
    const finding = findingsOf(expiryWithinMaxTtl, bucket, { tier: "preview", defaultTags: tags })[0];
    expect(finding.message).toMatch(/168h after tag created-at 2026-01-10T12:00:00Z; tier preview allows at most 168h/);
  });

  it("Compliance: passes at exactly created-at + max TTL, even when that is before now", () => {
    const tags = { ...compliantTags("preview"), "created-at": "2026-01-08T12:00:00Z", "expires-at": "2026-01-15T12:00:00Z" };
    expect(flagged(expiryWithinMaxTtl, bucket, { tier: "preview", defaultTags: tags })).toEqual([]);
  });

  it("Noncompliance 2: without created-at, fails when the expiry is beyond now + max TTL (the creation was no later than now)", () => {
    const finding = findingsOf(expiryWithinMaxTtl, bucket, { tier: "preview", defaultTags: { ...compliantTags("preview"), "expires-at": "2026-01-22T12:00:01Z" } })[0];
    expect(finding.message).toMatch(/after now 2026-01-15T12:00:00Z; tier preview allows at most 168h/);
  });

  it("Noncompliance 3: fails when created-at lies after now: a lifetime counted from the future never ends", () => {
    const tags = { ...compliantTags("preview"), "created-at": "2099-01-01T00:00:00Z", "expires-at": "2099-01-03T00:00:00Z" };
    expect(findingsOf(expiryWithinMaxTtl, bucket, { tier: "preview", defaultTags: tags })[0].message).toMatch(/^tag created-at is 2099-01-01T00:00:00Z, after now \(2026-01-15T12:00:00Z\)/);
  });

  it("Compliance: a created-at a few minutes ahead of the clock is clock skew, not the future", () => {
    const tags = { ...compliantTags("preview"), "created-at": "2026-01-15T12:04:00Z", "expires-at": "2026-01-17T12:04:00Z" };
    expect(flagged(expiryWithinMaxTtl, bucket, { tier: "preview", defaultTags: tags })).toEqual([]);
  });

  it("Compliance: without created-at, passes at exactly now + max TTL", () => {
    expect(flagged(expiryWithinMaxTtl, bucket, { tier: "preview", defaultTags: { ...compliantTags("preview"), "expires-at": "2026-01-22T12:00:00Z" } })).toEqual([]);
  });
});

describe("ENV-TTL-005 persistence only where the tier allows it", () => {
  it("Noncompliance 1: rejects a persistent preview", () => {
    const tags = { ...compliantTags("preview"), lifecycle: "persistent" };
    expect(findingsOf(persistenceAllowed, bucket, { tier: "preview", defaultTags: tags })[0].message).toContain("never allows");
  });

  it.each(["dev", "test", "staging", "prod"] as const)("Compliance: %s allows persistent resources", (tier) => {
    expect(flagged(persistenceAllowed, bucket, { tier, defaultTags: { ...compliantTags(tier), lifecycle: "persistent" } })).toEqual([]);
  });
});

describe("ENV-TTL-006 no expiry in prod", () => {
  it("Noncompliance 1: rejects an expires-at tag in prod", () => {
    const finding = findingsOf(noExpiryInProd, bucket, { tier: "prod", defaultTags: { ...compliantTags("prod"), "expires-at": "2026-02-01T00:00:00Z" } })[0];
    expect(finding.message).toContain("always persistent");
  });

  it("Noncompliance 2: rejects an ephemeral lifecycle in prod", () => {
    expect(flagged(noExpiryInProd, bucket, { tier: "prod", defaultTags: { ...compliantTags("prod"), lifecycle: "ephemeral" } })).toEqual(["aws_s3_bucket.data"]);
  });

  it("Compliance: a persistent prod stack without expiry passes", () => {
    expect(flagged(noExpiryInProd, bucket, { tier: "prod" })).toEqual([]);
  });

  it.each(TIERS.filter((t) => t !== "prod"))("Compliance: does not apply to %s", (tier) => {
    expect(flagged(noExpiryInProd, bucket, { tier })).toEqual([]);
  });
});
