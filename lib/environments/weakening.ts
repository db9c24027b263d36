import type { SecurityBaseline, TierProfile } from "../core/tiers";
import type { EnvironmentOverrides } from "./types";

/** One control an override makes weaker than the tier profile. */
export interface WeakenedControl {
  /** Path under `overrides`, e.g. `security.dbPrivate`. */
  readonly field: string;
  /** What the override does, for the error message. */
  readonly description: string;
  /** What the tier keeps instead. */
  readonly baseline: string;
}

/**
 * Lists the controls that `overrides` weaken against `profile`: a security
 * switch turned off, an extra public port, shorter retention, no deletion
 * protection, or less redundancy (zones, NAT, multi-AZ).
 */
export function weakenedControls(profile: TierProfile, overrides: EnvironmentOverrides): WeakenedControl[] {
  const found: WeakenedControl[] = [];
  const security = overrides.security ?? {};
  for (const [key, value] of Object.entries(security) as [keyof SecurityBaseline, unknown][]) {
    const base = profile.security[key];
    if (typeof base === "boolean" && base && value === false) {
      found.push({ field: `security.${key}`, description: `turning ${key} off`, baseline: `${key} on` });
    }
  }
  const extraPorts = (security.publicIngressPorts ?? []).filter((p) => !profile.security.publicIngressPorts.includes(p));
  if (extraPorts.length > 0) {
    found.push({
      field: "security.publicIngressPorts",
      description: `opening port(s) ${extraPorts.join(", ")} to the internet`,
      baseline: `only ${profile.security.publicIngressPorts.join(" and ")} on a public load balancer`,
    });
  }
  const lifecycle = overrides.lifecycle ?? {};
  if (profile.lifecycle.deletionProtection && lifecycle.deletionProtection === false) {
    found.push({ field: "lifecycle.deletionProtection", description: "turning deletion protection off", baseline: "deletion protection on" });
  }
  const shorter = (key: "backupRetentionDays" | "logRetentionDays" | "kmsDeletionWindowDays") => {
    const value = lifecycle[key];
    if (value !== undefined && value < profile.lifecycle[key]) {
      found.push({ field: `lifecycle.${key}`, description: `lowering ${key} to ${value}`, baseline: `${key} of at least ${profile.lifecycle[key]}` });
    }
  };
  shorter("backupRetentionDays");
  shorter("logRetentionDays");
  shorter("kmsDeletionWindowDays");
  const sizing = overrides.sizing ?? {};
  if (sizing.availabilityZones !== undefined && sizing.availabilityZones < profile.sizing.availabilityZones) {
    found.push({ field: "sizing.availabilityZones", description: `spanning ${sizing.availabilityZones} zone(s)`, baseline: `${profile.sizing.availabilityZones} zones` });
  }
  if (profile.sizing.nat === "per-az" && sizing.nat === "single") {
    found.push({ field: "sizing.nat", description: "sharing one NAT gateway across zones", baseline: "one NAT gateway per zone" });
  }
  if (profile.sizing.dbMultiAz && sizing.dbMultiAz === false) {
    found.push({ field: "sizing.dbMultiAz", description: "turning database multi-AZ off", baseline: "a multi-AZ database" });
  }
  return found;
}
