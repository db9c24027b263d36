import { cidrsOverlap, formatCidr, parseCidr, subnetOf, type Cidr } from "../../lib/core/cidr";
import { isTier, TIER_PROFILES, TIERS } from "../../lib/core/tiers";
import { tierProfileSchema } from "../../lib/core/profile";

/**
 * The real values of each tier, written out: a change to the table is a
 * change to this test, made on purpose (and to the README's tier table).
 */
const PINNED = {
  preview: { zones: 2, nat: "single", db: "db.t4g.micro", storage: [20, 50], multiAz: false, backups: 1, logs: 7, protect: false, kmsWindow: 7, ttl: [48, 168], persistence: "never", k8s: [1000, 2048], replicas: [1, 1], budget: 100 },
  dev: { zones: 2, nat: "single", db: "db.t4g.micro", storage: [20, 50], multiAz: false, backups: 1, logs: 14, protect: false, kmsWindow: 7, ttl: [168, 720], persistence: "allowed", k8s: [2000, 4096], replicas: [1, 2], budget: 300 },
  test: { zones: 2, nat: "single", db: "db.t4g.small", storage: [20, 100], multiAz: false, backups: 3, logs: 30, protect: false, kmsWindow: 7, ttl: [168, 720], persistence: "allowed", k8s: [4000, 8192], replicas: [1, 3], budget: 500 },
  staging: { zones: 3, nat: "per-az", db: "db.t4g.medium", storage: [50, 200], multiAz: true, backups: 7, logs: 90, protect: true, kmsWindow: 14, ttl: [336, 2160], persistence: "allowed", k8s: [8000, 16384], replicas: [2, 4], budget: 1500 },
  prod: { zones: 3, nat: "per-az", db: "db.r6g.large", storage: [100, 1000], multiAz: true, backups: 35, logs: 365, protect: true, kmsWindow: 30, ttl: [0, 0], persistence: "always", k8s: [32000, 65536], replicas: [3, 12], budget: 10000 },
} as const;

describe("tier profiles", () => {
  it.each(TIERS)("%s: holds exactly the pinned values", (tier) => {
    const { sizing, lifecycle } = TIER_PROFILES[tier];
    const pinned = PINNED[tier];
    expect({
      zones: sizing.availabilityZones,
      nat: sizing.nat,
      db: sizing.dbInstanceClass,
      storage: [sizing.dbAllocatedStorageGiB, sizing.dbMaxAllocatedStorageGiB],
      multiAz: sizing.dbMultiAz,
      backups: lifecycle.backupRetentionDays,
      logs: lifecycle.logRetentionDays,
      protect: lifecycle.deletionProtection,
      kmsWindow: lifecycle.kmsDeletionWindowDays,
      ttl: [lifecycle.defaultTtlHours, lifecycle.maxTtlHours],
      persistence: lifecycle.persistence,
      k8s: [sizing.k8sCpuRequestsMillicores, sizing.k8sMemoryRequestsMiB],
      replicas: [sizing.minReplicas, sizing.maxReplicas],
      budget: sizing.monthlyBudgetUsd,
    }).toEqual(pinned);
  });

  it.each(TIERS)("%s: satisfies the profile schema that overrides are checked against", (tier) => {
    expect(tierProfileSchema.safeParse(TIER_PROFILES[tier]).success).toBe(true);
  });

  it("are frozen, so nothing can change a preset at run time", () => {
    expect(Object.isFrozen(TIER_PROFILES)).toBe(true);
    expect(Object.isFrozen(TIER_PROFILES.prod.sizing)).toBe(true);
    expect(() => {
      (TIER_PROFILES.prod.sizing as { dbMultiAz: boolean }).dbMultiAz = false;
    }).toThrow(TypeError);
  });

  it.each(TIERS)("%s: keeps the same secure baseline", (tier) => {
    expect(Object.values(TIER_PROFILES[tier].security).filter((v) => v === false)).toEqual([]);
    expect(TIER_PROFILES[tier].security.publicIngressPorts).toEqual([80, 443]);
  });

  it("makes prod always persistent and previews never", () => {
    expect(TIER_PROFILES.prod.lifecycle).toMatchObject({ persistence: "always", maxTtlHours: 0 });
    expect(TIER_PROFILES.preview.lifecycle.persistence).toBe("never");
  });

  it("grows retention, redundancy and budget from dev to prod", () => {
    const order = ["dev", "staging", "prod"] as const;
    const increasing = (values: number[]) => values.every((v, i) => i === 0 || v > values[i - 1]);
    expect(increasing(order.map((t) => TIER_PROFILES[t].lifecycle.backupRetentionDays))).toBe(true);
    expect(increasing(order.map((t) => TIER_PROFILES[t].lifecycle.logRetentionDays))).toBe(true);
    expect(increasing(order.map((t) => TIER_PROFILES[t].sizing.monthlyBudgetUsd))).toBe(true);
    expect(TIER_PROFILES.dev.sizing.nat).toBe("single");
    expect(TIER_PROFILES.prod.sizing.nat).toBe("per-az");
  });

  it("keeps previews shorter-lived than dev", () => {
    expect(TIER_PROFILES.preview.lifecycle.maxTtlHours).toBeLessThan(TIER_PROFILES.dev.lifecycle.maxTtlHours);
    expect(TIER_PROFILES.preview.lifecycle.defaultTtlHours).toBeLessThanOrEqual(TIER_PROFILES.preview.lifecycle.maxTtlHours);
  });

  it("recognises tiers and nothing else", () => {
    expect(isTier("prod")).toBe(true);
    expect(isTier("production")).toBe(false);
    expect(isTier(undefined)).toBe(false);
  });
});

describe("CIDR arithmetic", () => {
  const cidr = (text: string) => parseCidr(text) as Cidr;

  it("parses and formats a block", () => {
    expect(formatCidr(cidr("10.20.0.0/16"))).toBe("10.20.0.0/16");
  });

  it("detects overlap in both directions and disjoint ranges", () => {
    expect(cidrsOverlap(cidr("10.0.0.0/16"), cidr("10.0.200.0/24"))).toBe(true);
    expect(cidrsOverlap(cidr("10.0.200.0/24"), cidr("10.0.0.0/16"))).toBe(true);
    expect(cidrsOverlap(cidr("10.0.0.0/16"), cidr("10.1.0.0/16"))).toBe(false);
  });

  it("cuts subnets as Terraform's cidrsubnet does", () => {
    expect(formatCidr(subnetOf(cidr("10.10.0.0/16"), 3, 5))).toBe("10.10.160.0/19");
    expect(formatCidr(subnetOf(cidr("192.168.0.0/24"), 3, 7))).toBe("192.168.0.224/27");
  });

  it("rejects a subnet index outside the range", () => {
    expect(() => subnetOf(cidr("10.0.0.0/16"), 3, 8)).toThrow(RangeError);
  });
});
