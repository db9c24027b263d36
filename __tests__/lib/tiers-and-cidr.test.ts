import { cidrsOverlap, formatCidr, parseCidr, subnetOf, type Cidr } from "../../lib/core/cidr";
import { isTier, TIER_PROFILES, TIERS } from "../../lib/core/tiers";

describe("tier profiles", () => {
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
