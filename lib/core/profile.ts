/**
 * The shape of a tier profile, as schemas: the one definition of every
 * sizing, security and lifecycle field, its type and its allowed range.
 * The tier table (`tiers.ts`) and environment overrides are both checked
 * against these schemas; the TypeScript types are inferred from them.
 */
// zod's v3 API: the same validation at a sixth of zod 4's load time, which every synth pays.
import { z } from "zod/v3";
import { LOG_RETENTION_DAYS } from "./aws-limits";

/** Every tier, in order of increasing strictness (preview sits with dev). */
export const TIERS = Object.freeze(["preview", "dev", "test", "staging", "prod"] as const);

/** The environment tiers an organization runs. `preview` is short-lived and derived from `dev`. */
export type Tier = (typeof TIERS)[number];

/** Most zones one network can span: the VPC range is cut into 8 blocks, 4 public and 4 private. */
export const MAX_AVAILABILITY_ZONES = 4;

/** How many NAT gateways a network gets: one shared by all zones, or one per zone. */
export type NatStrategy = "single" | "per-az";

/** The zones that get a NAT gateway: every zone per-az, else the first. */
export function natGatewayZones(zones: readonly string[], nat: NatStrategy): string[] {
  return nat === "per-az" ? [...zones] : zones.slice(0, 1);
}

const positiveInt = z.number().int().positive();

/** Schema of a tier's sizing presets. */
export const tierSizingSchema = z.strictObject({
  /** How many availability zones the network spans (the spec lists at least this many). */
  availabilityZones: z.number().int().min(1).max(MAX_AVAILABILITY_ZONES, `must be 1 to ${MAX_AVAILABILITY_ZONES}: the network layout has room for ${MAX_AVAILABILITY_ZONES} zones`),
  /** NAT gateway layout for the private subnets. */
  nat: z.enum(["single", "per-az"]),
  /** RDS instance class of the environment database. */
  dbInstanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class such as db.t4g.micro"),
  /** Initial database storage, in GiB. */
  dbAllocatedStorageGiB: z.number().int().min(20).max(65536),
  /** Storage autoscaling ceiling, in GiB. */
  dbMaxAllocatedStorageGiB: z.number().int().min(20).max(65536),
  /** Whether the database runs a synchronous standby in a second zone. */
  dbMultiAz: z.boolean(),
  /** Kubernetes namespace quota: total CPU requests, in millicores. */
  k8sCpuRequestsMillicores: positiveInt,
  /** Kubernetes namespace quota: total memory requests, in MiB. */
  k8sMemoryRequestsMiB: positiveInt,
  /** CPU each service container requests, in millicores (its limit is twice that). */
  k8sContainerCpuMillicores: positiveInt.max(64000),
  /** Memory each service container requests, in MiB (and its limit: memory is not overcommitted). */
  k8sContainerMemoryMiB: positiveInt.max(262144),
  /** Fewest replicas of a service in this tier. */
  minReplicas: positiveInt.max(1000),
  /** Most replicas of a service in this tier. */
  maxReplicas: positiveInt.max(1000),
  /** Monthly budget of the environment, in USD. */
  monthlyBudgetUsd: positiveInt,
});

/** Schema of a tier's security baseline. Every tier starts from the same secure values. */
export const securityBaselineSchema = z.strictObject({
  /** Data at rest is encrypted with a customer-managed KMS key. */
  encryptionAtRest: z.boolean(),
  /** Customer-managed keys rotate yearly. */
  kmsKeyRotation: z.boolean(),
  /** S3 buckets block every form of public access. Never weakened: it exposes data. */
  s3BlockPublicAccess: z.boolean(),
  /** S3 bucket policies deny requests that do not use TLS. */
  s3TlsOnly: z.boolean(),
  /** S3 buckets keep object versions. */
  s3Versioning: z.boolean(),
  /** S3 data buckets write server access logs to the environment's log bucket. */
  s3AccessLogging: z.boolean(),
  /** The database has no public endpoint. Never weakened: it exposes data. */
  dbPrivate: z.boolean(),
  /** The database accepts IAM authentication. */
  dbIamAuth: z.boolean(),
  /** Instances and launch templates require IMDSv2 tokens. */
  imdsV2Required: z.boolean(),
  /** VPC flow logs are recorded. */
  vpcFlowLogs: z.boolean(),
  /** CloudWatch log groups are encrypted with the environment key. */
  logGroupEncryption: z.boolean(),
  /** The Pod Security Admission level enforced on the environment's namespace (warn and audit at the same level). */
  podSecurity: z.enum(["baseline", "restricted"]),
  /** Ports that may be opened to 0.0.0.0/0, and only on a public load balancer. Everything else stays closed to the internet. */
  publicIngressPorts: z.array(z.number().int().min(1).max(65535)).max(16),
});

/** Schema of a tier's lifecycle defaults. */
export const tierLifecycleSchema = z.strictObject({
  /** Automated database backup retention, in days (0 to 35, as RDS allows). */
  backupRetentionDays: z.number().int().min(0).max(35),
  /** Databases refuse deletion; Terraform refuses to destroy stateful resources. */
  deletionProtection: z.boolean(),
  /** CloudWatch log retention, in days (a value CloudWatch accepts). */
  logRetentionDays: z
    .number()
    .int()
    .refine((days) => LOG_RETENTION_DAYS.includes(days), { message: `must be a retention CloudWatch accepts: one of ${LOG_RETENTION_DAYS.join(", ")}` }),
  /** KMS key deletion window, in days (7 to 30). */
  kmsDeletionWindowDays: z.number().int().min(7).max(30),
  /** Time to live of a new ephemeral environment, in hours; 0 when the tier is always persistent. */
  defaultTtlHours: z.number().int().min(0),
  /** Longest time to live of an ephemeral environment, in hours; 0 when the tier is always persistent. */
  maxTtlHours: z.number().int().min(0),
  /** Which lifecycles the tier allows. */
  persistence: z.enum(["always", "allowed", "never"]),
});

/** The lifecycle fields an environment may override (the TTL limits and persistence belong to the tier). */
export const OVERRIDABLE_LIFECYCLE_FIELDS = Object.freeze(["backupRetentionDays", "deletionProtection", "logRetentionDays", "kmsDeletionWindowDays"] as const);

/** Schema of the lifecycle fields an environment may override. */
export const retentionSchema = tierLifecycleSchema.pick({ backupRetentionDays: true, deletionProtection: true, logRetentionDays: true, kmsDeletionWindowDays: true });

/** Sizing presets of a tier. */
export type TierSizing = Readonly<z.infer<typeof tierSizingSchema>>;
/** Security baseline of a tier. */
export type SecurityBaseline = Readonly<z.infer<typeof securityBaselineSchema>>;
/** Lifecycle defaults of a tier. */
export type TierLifecycle = Readonly<z.infer<typeof tierLifecycleSchema>>;
/** The retention and protection settings an environment may override. */
export type Retention = Readonly<z.infer<typeof retentionSchema>>;

/** A tier's whole profile. */
export interface TierProfile {
  readonly tier: Tier;
  readonly description: string;
  readonly sizing: TierSizing;
  readonly security: SecurityBaseline;
  readonly lifecycle: TierLifecycle;
}

/** Schema of a whole profile, used to check the tier table itself. */
export const tierProfileSchema = z.strictObject({
  tier: z.enum(TIERS),
  description: z.string().min(1),
  sizing: tierSizingSchema,
  security: securityBaselineSchema,
  lifecycle: tierLifecycleSchema,
});

/**
 * A control of the tier profile that an environment can weaken, named as its
 * path under `overrides` (`security.s3Versioning`, `lifecycle.backupRetentionDays`).
 */
export type BaselineControl = `security.${keyof SecurityBaseline}` | `lifecycle.${keyof Retention}` | `sizing.${keyof TierSizing}`;
