import type { BaselineControl, TierProfile } from "../core/profile";
import type { EnvironmentOverrides, WeakenedControl } from "./types";

export type { WeakenedControl };


/** Security switches whose weakening exposes data to the internet. */
const EXPOSING_SWITCHES: ReadonlySet<string> = new Set(["s3BlockPublicAccess", "dbPrivate"]);

/**
 * Lists the controls that `overrides` weaken against `profile`: a security
 * switch turned off, an extra public port, shorter retention, no deletion
 * protection, or less redundancy (zones, NAT, multi-AZ).
 */
export function weakenedControls(profile: TierProfile, overrides: EnvironmentOverrides): WeakenedControl[] {
  const found: WeakenedControl[] = [];
  const add = (field: BaselineControl, value: unknown, description: string, baseline: string, exposes = false) => found.push({ field, value, description, baseline, exposes });
  const security = overrides.security ?? {};
  for (const [key, value] of Object.entries(security)) {
    const base = profile.security[key as keyof typeof profile.security];
    if (base === true && value === false) add(`security.${key}` as BaselineControl, value, `turning ${key} off`, `${key} on`, EXPOSING_SWITCHES.has(key));
  }
  if (profile.security.podSecurity === "restricted" && security.podSecurity === "baseline") {
    add("security.podSecurity", "baseline", "enforcing the baseline Pod Security level", "the restricted Pod Security level");
  }
  const extraPorts = (security.publicIngressPorts ?? []).filter((p) => !profile.security.publicIngressPorts.includes(p));
  if (extraPorts.length > 0) {
    add(
      "security.publicIngressPorts",
      security.publicIngressPorts,
      `opening port(s) ${extraPorts.join(", ")} to the internet`,
      `only ${profile.security.publicIngressPorts.join(" and ")} on a public load balancer`,
      true,
    );
  }
  const lifecycle = overrides.lifecycle ?? {};
  if (profile.lifecycle.deletionProtection && lifecycle.deletionProtection === false) {
    add("lifecycle.deletionProtection", false, "turning deletion protection off", "deletion protection on");
  }
  for (const key of ["backupRetentionDays", "logRetentionDays", "kmsDeletionWindowDays"] as const) {
    const value = lifecycle[key];
    if (value !== undefined && value < profile.lifecycle[key]) add(`lifecycle.${key}`, value, `lowering ${key} to ${value}`, `${key} of at least ${profile.lifecycle[key]}`);
  }
  const sizing = overrides.sizing ?? {};
  if (sizing.availabilityZones !== undefined && sizing.availabilityZones < profile.sizing.availabilityZones) {
    add("sizing.availabilityZones", sizing.availabilityZones, `spanning ${sizing.availabilityZones} zone(s)`, `${profile.sizing.availabilityZones} zones`);
  }
  if (profile.sizing.nat === "per-az" && sizing.nat === "single") add("sizing.nat", "single", "sharing one NAT gateway across zones", "one NAT gateway per zone");
  if (profile.sizing.dbMultiAz && sizing.dbMultiAz === false) add("sizing.dbMultiAz", false, "turning database multi-AZ off", "a multi-AZ database");
  return found;
}
