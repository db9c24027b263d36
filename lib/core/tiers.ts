/**
 * Tier profiles: the one table of sizing presets, security baselines and
 * lifecycle defaults. Stacks, constructs and policies read these values; none
 * restates a number.
 */

/** The environment tiers an organization runs. `preview` is short-lived and derived from `dev`. */
export type Tier = "dev" | "test" | "staging" | "prod" | "preview";

/** Every tier, in order of increasing strictness (preview sits with dev). */
export const TIERS: readonly Tier[] = Object.freeze(["preview", "dev", "test", "staging", "prod"] as const);

/** How many NAT gateways a network gets: one shared by all zones, or one per zone. */
export type NatStrategy = "single" | "per-az";

/** Sizing presets of a tier. */
export interface TierSizing {
  /** How many availability zones the network spans (the spec lists at least this many). */
  readonly availabilityZones: number;
  /** NAT gateway layout for the private subnets. */
  readonly nat: NatStrategy;
  /** RDS instance class of the environment database. */
  readonly dbInstanceClass: string;
  /** Initial database storage, in GiB. */
  readonly dbAllocatedStorageGiB: number;
  /** Storage autoscaling ceiling, in GiB. */
  readonly dbMaxAllocatedStorageGiB: number;
  /** Whether the database runs a synchronous standby in a second zone. */
  readonly dbMultiAz: boolean;
  /** Kubernetes namespace quota: total CPU requests, in millicores. */
  readonly k8sCpuRequestsMillicores: number;
  /** Kubernetes namespace quota: total memory requests, in MiB. */
  readonly k8sMemoryRequestsMiB: number;
  /** Replica range of a service in this tier. */
  readonly minReplicas: number;
  /** Replica range of a service in this tier. */
  readonly maxReplicas: number;
  /** Monthly budget alarm for the environment, in USD. */
  readonly monthlyBudgetUsd: number;
}

/**
 * Security baseline of a tier. Every tier starts from the same secure values;
 * `prod` forbids weakening any of them (see `weakenedControls`).
 */
export interface SecurityBaseline {
  /** Data at rest is encrypted with a customer-managed KMS key. */
  readonly encryptionAtRest: boolean;
  /** Customer-managed keys rotate yearly. */
  readonly kmsKeyRotation: boolean;
  /** S3 buckets block every form of public access. */
  readonly s3BlockPublicAccess: boolean;
  /** S3 bucket policies deny requests that do not use TLS. */
  readonly s3TlsOnly: boolean;
  /** S3 buckets keep object versions. */
  readonly s3Versioning: boolean;
  /** S3 data buckets write server access logs to the environment's log bucket. */
  readonly s3AccessLogging: boolean;
  /** The database has no public endpoint. */
  readonly dbPrivate: boolean;
  /** The database accepts IAM authentication. */
  readonly dbIamAuth: boolean;
  /** Instances and launch templates require IMDSv2 tokens. */
  readonly imdsV2Required: boolean;
  /** VPC flow logs are recorded. */
  readonly vpcFlowLogs: boolean;
  /** CloudWatch log groups are encrypted with the environment key. */
  readonly logGroupEncryption: boolean;
  /**
   * Ports that may be opened to 0.0.0.0/0, and only on a public load balancer.
   * Everything else stays closed to the internet.
   */
  readonly publicIngressPorts: readonly number[];
}

/** Lifecycle defaults of a tier. */
export interface TierLifecycle {
  /** Automated database backup retention, in days. */
  readonly backupRetentionDays: number;
  /** Databases refuse deletion; Terraform refuses to destroy stateful resources. */
  readonly deletionProtection: boolean;
  /** CloudWatch log retention, in days (a value CloudWatch accepts). */
  readonly logRetentionDays: number;
  /** KMS key deletion window, in days (7 to 30). */
  readonly kmsDeletionWindowDays: number;
  /** Time to live of a new ephemeral environment, in hours; 0 when the tier is always persistent. */
  readonly defaultTtlHours: number;
  /** Longest time to live of an ephemeral environment, in hours; 0 when the tier is always persistent. */
  readonly maxTtlHours: number;
  /** Which lifecycles the tier allows. */
  readonly persistence: "always" | "allowed" | "never";
}

/** A tier's whole profile. */
export interface TierProfile {
  readonly tier: Tier;
  readonly description: string;
  readonly sizing: TierSizing;
  readonly security: SecurityBaseline;
  readonly lifecycle: TierLifecycle;
}

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
  publicIngressPorts: [80, 443],
};

const HOUR_PER_DAY = 24;

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
    defaultTtlHours: 7 * HOUR_PER_DAY,
    maxTtlHours: 30 * HOUR_PER_DAY,
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
    sizing: { ...DEV.sizing, availabilityZones: 2, k8sCpuRequestsMillicores: 1000, k8sMemoryRequestsMiB: 2048, maxReplicas: 1, monthlyBudgetUsd: 50 },
    security: SECURE_BASELINE,
    lifecycle: {
      ...DEV.lifecycle,
      backupRetentionDays: 1,
      logRetentionDays: 7,
      defaultTtlHours: 2 * HOUR_PER_DAY,
      maxTtlHours: 7 * HOUR_PER_DAY,
      persistence: "never",
    },
  },
  dev: DEV,
  test: {
    tier: "test",
    description: "Integration testing: dev sizing with a larger database and longer retention.",
    sizing: { ...DEV.sizing, dbInstanceClass: "db.t4g.small", dbMaxAllocatedStorageGiB: 100, k8sCpuRequestsMillicores: 4000, k8sMemoryRequestsMiB: 8192, maxReplicas: 3, monthlyBudgetUsd: 500 },
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
      minReplicas: 2,
      maxReplicas: 4,
      monthlyBudgetUsd: 1500,
    },
    security: SECURE_BASELINE,
    lifecycle: {
      backupRetentionDays: 7,
      deletionProtection: true,
      logRetentionDays: 90,
      kmsDeletionWindowDays: 14,
      defaultTtlHours: 14 * HOUR_PER_DAY,
      maxTtlHours: 90 * HOUR_PER_DAY,
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
      minReplicas: 3,
      maxReplicas: 12,
      monthlyBudgetUsd: 10000,
    },
    security: SECURE_BASELINE,
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
