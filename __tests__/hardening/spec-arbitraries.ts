/**
 * Generators of environment specs for property tests: mostly valid values,
 * with hostile and mistaken ones mixed in at every field, so that both sides
 * of "accepted ⇒ synthesizes and validates; rejected ⇒ a clear error" are reached.
 */
import * as fc from "fast-check";
import { TIERS } from "../../lib/core/profile";

const validName = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,5}){0,2}$/).filter((s) => s.length <= 24);
const hostileString = fc.oneof(
  fc.constantFrom("", " ", "pr--1", "Dev", "a".repeat(25), "x-", "-x", "__proto__", "constructor", "toString", "é", "a\u0000b", "\u202e", "sthree", "aws-x", "1abc"),
  fc.string({ maxLength: 40 }),
);
const oneOf = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<unknown>) => fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: hostile });
const hostileNumber = fc.oneof(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1e300, 1.5), fc.double());

const tagText = fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{1,20}$/);
const configKey = oneOf(fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/), fc.oneof(fc.constantFrom("__proto__", "constructor", "toString", "valueOf", "a/b", "", "x".repeat(129)), fc.string({ maxLength: 10 })));
const configValue = oneOf(fc.stringMatching(/^[A-Za-z0-9 ,_.:/=+-]{1,40}$/), fc.oneof(fc.constantFrom("", "AKIAIOSFODNN7EXAMPLE", "x".repeat(4097)), fc.string({ maxLength: 30 }), fc.integer()));

/** Zones of the region, most of the time. */
const zones = (region: string) => oneOf(fc.constant([`${region}a`, `${region}b`, `${region}c`]), fc.oneof(fc.constant([`${region}a`]), fc.constant(["us-east-1a", `${region}b`, `${region}c`]), fc.array(hostileString, { maxLength: 3 })));

/** A VPC range in 10.0.0.0/8, /16 to /24, usually disjoint from the others of a test (overlaps happen, and are rejected). */
const cidr = oneOf(
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 16, max: 24 })).map(([b, prefix]) => `10.${b}.0.0/${prefix}`),
  fc.constantFrom("010.0.0.0/16", "10.0.0.0/8", "10.0.0.0/33", "10.0.1.0/16", "not-a-cidr", ""),
);

const createdAt = fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2027-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, "Z"));
const lifecycle = fc.oneof(
  fc.record({ kind: fc.constant("persistent"), reason: oneOf(fc.constant("shared environment"), hostileString) }),
  fc.record({ kind: fc.constant("ephemeral"), createdAt: oneOf(createdAt, hostileString), ttlHours: oneOf(fc.integer({ min: 1, max: 24 * 40 }), hostileNumber) }),
  fc.record({ kind: fc.constant("ephemeral"), createdAt, expiresAt: oneOf(createdAt, hostileString) }),
  fc.constantFrom(null, { kind: "forever" }, "persistent"),
);

const overrides = fc.record(
  {
    sizing: fc.record({ dbInstanceClass: oneOf(fc.constantFrom("db.t4g.small", "db.r6g.large"), hostileString), minReplicas: oneOf(fc.integer({ min: 1, max: 5 }), hostileNumber), maxReplicas: oneOf(fc.integer({ min: 1, max: 12 }), hostileNumber) }, { requiredKeys: [] }),
    security: fc.record({ vpcFlowLogs: fc.boolean(), s3Versioning: fc.boolean(), dbPrivate: fc.boolean() }, { requiredKeys: [] }),
    lifecycle: fc.record({ backupRetentionDays: oneOf(fc.integer({ min: 0, max: 35 }), hostileNumber), logRetentionDays: fc.constantFrom(1, 7, 14, 30, 90, 365, 2, 400) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

/** One environment spec, usually valid. */
export const specArbitrary = fc.constantFrom("eu-west-1", "us-east-1").chain((region) =>
  fc.record(
    {
      name: oneOf(validName, hostileString),
      tier: oneOf(fc.constantFrom(...TIERS), fc.constantFrom("qa", 1, null)),
      region: fc.constant(region),
      availabilityZones: zones(region),
      account: oneOf(fc.stringMatching(/^\d{12}$/), fc.constantFrom("123", "", 123456789012)),
      cidr,
      lifecycle,
      config: oneOf(fc.dictionary(configKey as fc.Arbitrary<string>, configValue, { maxKeys: 4 }), fc.constantFrom(null, [], "x")),
      tags: oneOf(fc.dictionary(tagText, tagText, { maxKeys: 3 }), fc.dictionary(hostileString as fc.Arbitrary<string>, hostileString, { maxKeys: 2 })),
      owner: oneOf(tagText, hostileString),
      overrides,
    },
    { requiredKeys: ["name", "tier", "availabilityZones", "cidr", "lifecycle"] },
  ),
);

/** Organization defaults, usually valid. */
export const orgArbitrary = fc.record(
  {
    organization: oneOf(validName.filter((n) => n.length <= 16 && !/^(aws|ssm|sthree|amzn)/.test(n)), hostileString),
    region: fc.constant("eu-west-1"),
    owner: fc.constant("platform-team"),
    costCentre: oneOf(fc.constant("cc-1001"), hostileString),
    tags: oneOf(fc.dictionary(tagText, tagText, { maxKeys: 2 }), fc.constant({ "aws:x": "y" })),
  },
  { requiredKeys: ["organization", "owner", "costCentre"] },
);
