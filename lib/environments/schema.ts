// zod's v3 API: the same validation at a sixth of zod 4's load time, which every synth pays.
import { z } from "zod/v3";
import { TIERS } from "../core/tiers";

/** DNS label rules shared by environment and organization names. */
export const DNS_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
/** Longest environment name: it must fit bucket names, RDS identifiers and namespaces with their suffixes. */
export const MAX_ENV_NAME_LENGTH = 24;
/** Longest organization name (the prefix of globally unique names). */
export const MAX_ORG_NAME_LENGTH = 16;

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const TIMESTAMP_HINT = "must be an ISO-8601 UTC timestamp such as 2026-11-20T09:00:00Z";
const UTC_TIMESTAMP = z.string({ required_error: TIMESTAMP_HINT, invalid_type_error: TIMESTAMP_HINT }).datetime({ message: TIMESTAMP_HINT });
const nonEmpty = (what: string) =>
  z.string({ required_error: `must be a non-empty string (${what})`, invalid_type_error: `must be a non-empty string (${what})` }).trim().min(1, `must not be empty (${what})`);
const required = (what: string) => ({ required_error: `is required: ${what}`, invalid_type_error: `must be ${what}` });
const message = (text: string) => ({ errorMap: () => ({ message: text }) });
const tagMap = z.record(z.string().min(1).max(128), z.string().max(256));

const backendSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("local"), directory: z.string().min(1).optional() }),
    z.strictObject({
      type: z.literal("s3"),
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name"),
      region: z.string().regex(REGION, "must be an AWS region such as eu-west-1").optional(),
      keyPrefix: z.string().regex(/^[A-Za-z0-9_.\-/]+$/, "may hold letters, digits and _ . - /").optional(),
      kmsKeyId: z.string().min(1).optional(),
    }),
    z.strictObject({
      type: z.literal("hcp"),
      organization: nonEmpty("the HCP Terraform organization"),
      workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]*$/, "may hold letters, digits, _ and -").optional(),
      hostname: z.string().min(1).optional(),
    }),
  ],
  message('must have "type" set to "local", "s3" or "hcp"'),
);

const lifecycleSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("ephemeral"), createdAt: UTC_TIMESTAMP, expiresAt: UTC_TIMESTAMP }),
    z.strictObject({ kind: z.literal("persistent"), reason: nonEmpty("why the environment must stay") }),
  ],
  message('must be { kind: "ephemeral", createdAt, expiresAt } or { kind: "persistent", reason }'),
);

const positiveInt = z.number().int().positive();
const overridesSchema = z.strictObject({
  sizing: z
    .strictObject({
      availabilityZones: z.number().int().min(1).max(4),
      nat: z.enum(["single", "per-az"]),
      dbInstanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class such as db.t4g.micro"),
      dbAllocatedStorageGiB: z.number().int().min(20).max(65536),
      dbMaxAllocatedStorageGiB: z.number().int().min(20).max(65536),
      dbMultiAz: z.boolean(),
      k8sCpuRequestsMillicores: positiveInt,
      k8sMemoryRequestsMiB: positiveInt,
      minReplicas: positiveInt,
      maxReplicas: positiveInt,
      monthlyBudgetUsd: positiveInt,
    })
    .partial()
    .optional(),
  security: z
    .strictObject({
      encryptionAtRest: z.boolean(),
      kmsKeyRotation: z.boolean(),
      s3BlockPublicAccess: z.boolean(),
      s3TlsOnly: z.boolean(),
      s3Versioning: z.boolean(),
      s3AccessLogging: z.boolean(),
      dbPrivate: z.boolean(),
      dbIamAuth: z.boolean(),
      imdsV2Required: z.boolean(),
      vpcFlowLogs: z.boolean(),
      logGroupEncryption: z.boolean(),
      publicIngressPorts: z.array(z.number().int().min(1).max(65535)),
    })
    .partial()
    .optional(),
  lifecycle: z
    .strictObject({
      backupRetentionDays: z.number().int().min(0).max(35),
      deletionProtection: z.boolean(),
      logRetentionDays: z.number().int().positive(),
      kmsDeletionWindowDays: z.number().int().min(7).max(30),
    })
    .partial()
    .optional(),
});

/** Schema of one `EnvironmentSpec`: structure and per-field formats. Cross-field rules live in `resolve`. */
export const environmentSpecSchema = z.strictObject({
  name: z
    .string(required("a DNS-safe environment name such as dev or pr-123"))
    .max(MAX_ENV_NAME_LENGTH, `must be at most ${MAX_ENV_NAME_LENGTH} characters`)
    .regex(DNS_NAME, "must be DNS-safe: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen"),
  tier: z.enum(TIERS as [string, ...string[]], message(`must be one of ${TIERS.join(", ")}`)),
  region: z.string().regex(REGION, "must be an AWS region such as eu-west-1").optional(),
  availabilityZones: z
    .array(z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d[a-z]$/, "must be a zone name such as eu-west-1a"), required('the zones to span, e.g. ["eu-west-1a", "eu-west-1b"]'))
    .min(1, "must list at least one zone"),
  account: z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id").optional(),
  cidr: z.string(required("the environment's VPC range, e.g. 10.10.0.0/16")),
  owner: nonEmpty("the accountable team").optional(),
  costCentre: nonEmpty("the cost centre").optional(),
  lifecycle: lifecycleSchema,
  backend: backendSchema.optional(),
  config: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, "config keys may hold letters, digits, _ . -"), z.string()).optional(),
  tags: tagMap.optional(),
  overrides: overridesSchema.optional(),
});

/** Schema of the organization defaults. */
export const orgDefaultsSchema = z.strictObject({
  organization: z
    .string(required("a short DNS-safe organization name"))
    .max(MAX_ORG_NAME_LENGTH, `must be at most ${MAX_ORG_NAME_LENGTH} characters`)
    .regex(DNS_NAME, "must be DNS-safe: lower-case letters, digits and hyphens"),
  region: z.string().regex(REGION, "must be an AWS region such as eu-west-1").optional(),
  owner: nonEmpty("the default owner").optional(),
  costCentre: nonEmpty("the default cost centre").optional(),
  backend: backendSchema.optional(),
  tags: tagMap.optional(),
});
