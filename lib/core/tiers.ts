/**
 * Tier profiles: the one table of sizing presets, security baselines and
 * lifecycle defaults. Stacks, constructs and policies read these values; none
 * restates a number. The fields and their ranges are defined once, in `profile.ts`.
 */
import { HOURS_PER_DAY } from "./time";
import { TIERS, type SecurityBaseline, type Tier, type TierProfile } from "./profile";

export { TIERS, MAX_AVAILABILITY_ZONES, type NatStrategy, type Retention, type SecurityBaseline, type Tier, type TierLifecycle, type TierProfile, type TierSizing } from "./profile";


/** The security baseline every tier starts from. */
const SECURE_BASELINE: SecurityBaseline = {
  encryptionAtRest: true,
  kmsKeyRotation: true,
  s3BlockPublicAccess: true,
  s3TlsOnly: true,
  s3Versioning: true,
  s3AccessLogging: true,
  dbPrivate: true,
  dbIamAuth: true,
  imdsV2Required: true,
  vpcFlowLogs: true,
  logGroupEncryption: true,
  podSecurity: "baseline",
  publicIngressPorts: [80, 443],
};

/** Production-grade pods: the restricted Pod Security level. */
const RESTRICTED_BASELINE: SecurityBaseline = { ...SECURE_BASELINE, podSecurity: "restricted" };

const DEV: TierProfile = {
  tier: "dev",
  description: "Shared development: smallest sizing, one NAT gateway, short retention.",
  sizing: {
    availabilityZones: 2,
    nat: "single",
    dbInstanceClass: "db.t4g.micro",
    dbAllocatedStorageGiB: 20,
    dbMaxAllocatedStorageGiB: 50,
    dbMultiAz: false,
    k8sCpuRequestsMillicores: 2000,
    k8sMemoryRequestsMiB: 4096,
    k8sContainerCpuMillicores: 250,
    k8sContainerMemoryMiB: 256,
    minReplicas: 1,
    maxReplicas: 2,
    monthlyBudgetUsd: 300,
  },
  security: SECURE_BASELINE,
  lifecycle: {
    backupRetentionDays: 1,
    deletionProtection: false,
    logRetentionDays: 14,
    kmsDeletionWindowDays: 7,
    defaultTtlHours: 7 * HOURS_PER_DAY,
    maxTtlHours: 30 * HOURS_PER_DAY,
    persistence: "allowed",
  },
};

/**
 * The profiles, frozen. Numbers differ by tier on purpose:
 * - zones and NAT: dev/test/preview share one NAT in 2 zones; staging/prod run one NAT per zone in 3 zones;
 * - database: burstable micro/small instances below staging, memory-optimised multi-AZ in prod;
 * - retention: backups 1 → 3 → 7 → 35 days, logs 7 → 14 → 30 → 90 → 365 days;
 * - TTL: previews live 2 days (at most 7), dev/test 7 days (at most 30), staging 14 (at most 90), prod never expires.
 */
export const TIER_PROFILES: Readonly<Record<Tier, TierProfile>> = deepFreeze({
  preview: {
    tier: "preview",
    description: "Short-lived per-branch environment derived from dev: always ephemeral.",
    sizing: { ...DEV.sizing, availabilityZones: 2, k8sCpuRequestsMillicores: 1000, k8sMemoryRequestsMiB: 2048, k8sContainerCpuMillicores: 100, k8sContainerMemoryMiB: 128, maxReplicas: 1, monthlyBudgetUsd: 100 },
    security: SECURE_BASELINE,
    lifecycle: {
      ...DEV.lifecycle,
      backupRetentionDays: 1,
      logRetentionDays: 7,
      defaultTtlHours: 2 * HOURS_PER_DAY,
      maxTtlHours: 7 * HOURS_PER_DAY,
      persistence: "never",
    },
  },
  dev: DEV,
  test: {
    tier: "test",
    description: "Integration testing: dev sizing with a larger database and longer retention.",
    sizing: { ...DEV.sizing, dbInstanceClass: "db.t4g.small", dbMaxAllocatedStorageGiB: 100, k8sCpuRequestsMillicores: 4000, k8sMemoryRequestsMiB: 8192, k8sContainerMemoryMiB: 512, maxReplicas: 3, monthlyBudgetUsd: 500 },
    security: SECURE_BASELINE,
    lifecycle: { ...DEV.lifecycle, backupRetentionDays: 3, logRetentionDays: 30 },
  },
  staging: {
    tier: "staging",
    description: "Production rehearsal: production topology at smaller instance sizes.",
    sizing: {
      availabilityZones: 3,
      nat: "per-az",
      dbInstanceClass: "db.t4g.medium",
      dbAllocatedStorageGiB: 50,
      dbMaxAllocatedStorageGiB: 200,
      dbMultiAz: true,
      k8sCpuRequestsMillicores: 8000,
      k8sMemoryRequestsMiB: 16384,
      k8sContainerCpuMillicores: 500,
      k8sContainerMemoryMiB: 512,
      minReplicas: 2,
      maxReplicas: 4,
      monthlyBudgetUsd: 1500,
    },
    security: RESTRICTED_BASELINE,
    lifecycle: {
      backupRetentionDays: 7,
      deletionProtection: true,
      logRetentionDays: 90,
      kmsDeletionWindowDays: 14,
      defaultTtlHours: 14 * HOURS_PER_DAY,
      maxTtlHours: 90 * HOURS_PER_DAY,
      persistence: "allowed",
    },
  },
  prod: {
    tier: "prod",
    description: "Production: highly available, longest retention, always persistent.",
    sizing: {
      availabilityZones: 3,
      nat: "per-az",
      dbInstanceClass: "db.r6g.large",
      dbAllocatedStorageGiB: 100,
      dbMaxAllocatedStorageGiB: 1000,
      dbMultiAz: true,
      k8sCpuRequestsMillicores: 32000,
      k8sMemoryRequestsMiB: 65536,
      k8sContainerCpuMillicores: 1000,
      k8sContainerMemoryMiB: 1024,
      minReplicas: 3,
      maxReplicas: 12,
      monthlyBudgetUsd: 10000,
    },
    security: RESTRICTED_BASELINE,
    lifecycle: {
      backupRetentionDays: 35,
      deletionProtection: true,
      logRetentionDays: 365,
      kmsDeletionWindowDays: 30,
      defaultTtlHours: 0,
      maxTtlHours: 0,
      persistence: "always",
    },
  },
});

/** The profile of a tier. */
export function tierProfile(tier: Tier): TierProfile {
  return TIER_PROFILES[tier];
}

/** True when `value` names a tier. */
export function isTier(value: unknown): value is Tier {
  return typeof value === "string" && (TIERS as readonly string[]).includes(value);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
