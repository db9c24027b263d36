/**
 * The schemas of what users write: an environment spec and the organization
 * defaults. They are the one definition of every field; the TypeScript types
 * (`types.ts`) are inferred from them. Cross-field and cross-environment rules
 * live in `resolve.ts`.
 */
// zod's v3 API: the same validation at a sixth of zod 4's load time, which every synth pays.
import { z } from "zod/v3";
import { retentionSchema, securityBaselineSchema, tierSizingSchema, TIERS } from "../core/profile";
import { UTC_INSTANT_HINT, parseUtcInstant } from "../core/time";
import { usageSchema } from "../core/usage";

/** DNS label rules shared by environment and organization names: no leading digit, no trailing or doubled hyphen. */
export const DNS_NAME = /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$|^[a-z]$/;
const DNS_NAME_HINT = "must be DNS-safe: lower-case letters, digits and single hyphens, starting with a letter and not ending with a hyphen";
/** Longest environment name: it must fit bucket names, RDS identifiers and namespaces with their suffixes. */
export const MAX_ENV_NAME_LENGTH = 24;
/** Longest organization name (the prefix of globally unique names). */
export const MAX_ORG_NAME_LENGTH = 16;
/** Most extra tags (organization and environment together): AWS allows 50 per resource, and the library sets up to 10. */
export const MAX_USER_TAGS = 40;
/** Most config keys of one environment. */
export const MAX_CONFIG_KEYS = 500;
/** Largest config value, in UTF-8 bytes: the limit of a standard SSM parameter. */
export const MAX_CONFIG_VALUE_BYTES = 4096;

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const REGION_HINT = "must be an AWS region such as eu-west-1";
const ZONE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d[a-z]$/;
/** Characters AWS accepts in tag keys and values. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_HINT = "may hold letters, digits, spaces and _ . : / = + - @";
const CONFIG_KEY = /^[A-Za-z0-9_.-]{1,128}$/;
/** Most addresses alerts go to (AWS Budgets allows 10 email subscribers per notification). */
export const MAX_ALERT_EMAILS = 10;

/** Addresses that receive the environment's budget alerts and, in staging and prod, its alarms. */
const alertEmails = z
  .array(z.string().max(254, "must be at most 254 characters (an email address)").regex(/^[^\s@",;<>]+@[^\s@",;<>]+\.[^\s@",;<>]+$/, "must be an email address such as platform@example.com"))
  .min(1, "must list at least one address (omit the field to use the organization's)")
  .max(MAX_ALERT_EMAILS, `must list at most ${MAX_ALERT_EMAILS} addresses (AWS Budgets allows ${MAX_ALERT_EMAILS} per notification)`);

/**
 * The IAM role a CI engine assumes (through OIDC) to deploy an environment:
 * an ARN, where `{account}` stands for the environment's account id.
 */
const deployRole = z
  .string()
  .max(2048, "must be at most 2048 characters")
  .regex(/^arn:aws[a-z-]*:iam::(\d{12}|\{account\}):role\/[\w+=,.@\/-]{1,512}$/, "must be an IAM role ARN such as arn:aws:iam::{account}:role/envkit-deploy ({account} stands for the environment's account)");

const utcInstant = z
  .string({ required_error: `is required: ${UTC_INSTANT_HINT}`, invalid_type_error: `must be ${UTC_INSTANT_HINT}` })
  .refine((value) => parseUtcInstant(value) !== undefined, { message: `must be ${UTC_INSTANT_HINT} (a real calendar time, in UTC)` });
const nonEmpty = (what: string) =>
  z.string({ required_error: `is required: ${what}`, invalid_type_error: `must be a non-empty string (${what})` }).trim().min(1, `must not be empty (${what})`);
const required = (what: string) => ({ required_error: `is required: ${what}`, invalid_type_error: `must be ${what}` });
const message = (text: string) => ({ errorMap: () => ({ message: text }) });
/** A value AWS accepts as a tag value. */
const tagValue = (what: string) => nonEmpty(what).pipe(z.string().max(256, "must be at most 256 characters (an AWS tag value)").regex(TAG_TEXT, `${TAG_HINT} (it becomes a tag value)`));

const tagMap = z
  .record(
    z
      .string()
      .min(1, "tag keys must not be empty")
      .max(128, "tag keys must be at most 128 characters")
      .regex(TAG_TEXT, `tag keys ${TAG_HINT}`)
      .refine((key) => !key.toLowerCase().startsWith("aws:"), { message: 'tag keys must not start with "aws:" (reserved by AWS)' }),
    z.string({ invalid_type_error: "tag values must be strings" }).max(256, "tag values must be at most 256 characters").regex(TAG_TEXT, `tag values ${TAG_HINT}`),
  )
  .refine((tags) => Object.keys(tags).length <= MAX_USER_TAGS, { message: `must hold at most ${MAX_USER_TAGS} tags (AWS allows 50 per resource; the library sets the rest)` });

/** Where Terraform keeps an environment's state. */
export const backendSchema = z.discriminatedUnion(
  "type",
  [
    /** A state file per environment on the local disk (the default). */
    z.strictObject({
      type: z.literal("local"),
      /** Directory holding `env-<name>.tfstate` files, relative to the project root or absolute. @default "terraform-state" */
      directory: z.string().min(1).regex(/^[^\0\n\r]+$/, "must be a path on one line").optional(),
    }),
    /** An S3 bucket with native S3 locking (`use_lockfile`) and encryption; one key per environment. */
    z.strictObject({
      type: z.literal("s3"),
      /** The state bucket (see `BootstrapStack`). */
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name"),
      /** @default - the environment's region */
      region: z.string().regex(REGION, REGION_HINT).optional(),
      /** Key prefix; the state key is `<keyPrefix>/<env>/terraform.tfstate`. @default "envs" */
      keyPrefix: z.string().regex(/^[A-Za-z0-9_.\-/]+$/, "may hold letters, digits and _ . - /").optional(),
      /** KMS key (ARN or alias) that encrypts the state objects. @default - the bucket's default encryption */
      kmsKeyId: z.string().min(1).optional(),
    }),
    /** HCP Terraform (or Terraform Enterprise): one workspace per environment. */
    z.strictObject({
      type: z.literal("hcp"),
      organization: nonEmpty("the HCP Terraform organization"),
      /** Workspace name is `<workspacePrefix><env>`. @default "env-" */
      workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]*$/, "may hold letters, digits, _ and -").optional(),
      /** @default "app.terraform.io" */
      hostname: z.string().min(1).optional(),
    }),
  ],
  message('must have "type" set to "local", "s3" or "hcp"'),
);

/**
 * An environment that is reaped at an absolute UTC expiry, fixed when it was
 * created: `expiresAt`, or `ttlHours` after `createdAt` (see `ephemeral()`).
 */
export const ephemeralLifecycleSchema = z.strictObject({
  kind: z.literal("ephemeral"),
  /** When the environment was created, ISO-8601 UTC (`2026-11-20T09:00:00Z`). */
  createdAt: utcInstant,
  /** When it expires, ISO-8601 UTC; at most the tier's maximum TTL after `createdAt`. Give this or `ttlHours`. */
  expiresAt: utcInstant.optional(),
  /** Hours from `createdAt` to the expiry; at most the tier's maximum TTL. Give this or `expiresAt`. */
  ttlHours: z.number({ invalid_type_error: "must be a number of hours" }).finite("must be a finite number of hours").positive("must be more than 0 hours").optional(),
});

/** A long-lived environment, declared with the reason it must stay. */
export const persistentLifecycleSchema = z.strictObject({
  kind: z.literal("persistent"),
  reason: nonEmpty("why the environment must stay").pipe(z.string().max(512, "must be at most 512 characters")),
});

const lifecycleSchema = z.discriminatedUnion("kind", [ephemeralLifecycleSchema, persistentLifecycleSchema], message('must be { kind: "ephemeral", createdAt, expiresAt | ttlHours } or { kind: "persistent", reason }'));

/** Per-environment changes to the tier profile. Weakening a control is recorded below prod, and an error in prod. */
export const overridesSchema = z.strictObject({
  sizing: tierSizingSchema.partial().optional(),
  security: securityBaselineSchema.partial().optional(),
  lifecycle: retentionSchema.partial().optional(),
});

/** A Secrets Manager secret, by name or ARN. */
const SECRET_REF = /^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}|[A-Za-z0-9/_+=.@-]{1,512})$/;

/** One setting: a value, or a reference to a Secrets Manager secret (never the secret itself). */
const configValueSchema = z.union(
  [
    z
      .string()
      .min(1, "config values must not be empty (SSM parameters hold at least one character)")
      .refine((value) => Buffer.byteLength(value, "utf8") <= MAX_CONFIG_VALUE_BYTES, { message: `config values must be at most ${MAX_CONFIG_VALUE_BYTES} bytes (a standard SSM parameter)` }),
    z.strictObject({
      /** The secret's name or ARN in AWS Secrets Manager: published as `secretsmanager:<name or ARN>`, so that its value never reaches the Terraform state or a ConfigMap. */
      secret: z.string().regex(SECRET_REF, "must be a Secrets Manager secret name (letters, digits, / _ + = . @ -) or ARN"),
    }),
  ],
  { errorMap: (issue, ctx) => (issue.code === "invalid_union" ? { message: 'config values must be strings, or { secret: "<Secrets Manager name or ARN>" }' } : { message: ctx.defaultError }) },
);

/** Application settings: key → value, published as SSM parameters and in the namespace's ConfigMap under the same keys. */
const configSchema = z
  .record(z.string().regex(CONFIG_KEY, "config keys must be 1 to 128 letters, digits, _ . -"), configValueSchema)
  .refine((config) => Object.keys(config).length <= MAX_CONFIG_KEYS, { message: `must hold at most ${MAX_CONFIG_KEYS} keys` });

/**
 * The organization's configuration, the first layers of every environment's:
 * `base` for all, then `tiers.<tier>`, then the environment's own `config`.
 * A key set for some environments and not others is an error, unless it is
 * named in `environmentSpecific`.
 */
export const orgConfigSchema = z.strictObject({
  base: configSchema.optional(),
  tiers: z
    .strictObject({ preview: configSchema.optional(), dev: configSchema.optional(), test: configSchema.optional(), staging: configSchema.optional(), prod: configSchema.optional() })
    .optional(),
  environmentSpecific: z.array(z.string().regex(CONFIG_KEY, "config keys must be 1 to 128 letters, digits, _ . -")).optional(),
});

/** A Kubernetes cluster the environment's namespace lives in. */
export const clusterSchema = z.discriminatedUnion(
  "type",
  [
    /** A cluster reached through a kubeconfig file and context (any distribution). */
    z.strictObject({
      type: z.literal("kubeconfig"),
      /** Path of the kubeconfig file, as the Kubernetes provider reads it. @default "~/.kube/config" */
      path: z.string().min(1).regex(/^[^\0\n\r]+$/, "must be a path on one line").optional(),
      /** The context to use. */
      context: nonEmpty("the kubeconfig context of the cluster"),
    }),
    /** An EKS cluster, authenticated with `aws eks get-token` (exec-based, no static token in the state). */
    z.strictObject({
      type: z.literal("eks"),
      /** The EKS cluster name. */
      name: z.string(required("the EKS cluster name")).regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, "must be an EKS cluster name (letters, digits, - and _, at most 100)"),
      /** @default - the environment's region */
      region: z.string().regex(REGION, REGION_HINT).optional(),
      /**
       * The cluster's IAM OIDC provider: with it, each service gets an IAM role for its service account
       * that may read the environment's parameters. @default - no service roles
       */
      oidcProviderArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/, "must be the ARN of the cluster's IAM OIDC provider, arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>").optional(),
    }),
  ],
  message('must have "type" set to "kubeconfig" (with context) or "eks" (with name)'),
);

/** The environment's Kubernetes namespace: which cluster, which name, who deploys. */
export const kubernetesSchema = z.strictObject({
  cluster: clusterSchema,
  /** The namespace. @default - the environment's name */
  namespace: z
    .string()
    .max(63, "must be at most 63 characters (a Kubernetes namespace)")
    .regex(DNS_NAME, DNS_NAME_HINT)
    .optional(),
  /** The group (as the cluster's authenticator names it) that may deploy into the namespace. @default "<organization>:<environment>:deployers" */
  deployerGroup: nonEmpty("the deployer group").optional(),
});

/** Per-service changes to what the tier gives. */
const serviceOverridesSchema = z.strictObject({
  /** Replica range of the autoscaler, within the tier's. */
  minReplicas: z.number().int().min(1).max(1000).optional(),
  maxReplicas: z.number().int().min(1).max(1000).optional(),
  /** CPU request per container, in millicores (the limit is twice that). */
  cpuMillicores: z.number().int().min(1).max(64000).optional(),
  /** Memory request (and limit) per container, in MiB. */
  memoryMiB: z.number().int().min(1).max(262144).optional(),
});

/** A service of the environment: a container built from a template. */
export const serviceSchema = z.strictObject({
  /** DNS-safe, unique in the environment; names the Deployment, Service and ServiceAccount. */
  name: z.string(required("a DNS-safe service name such as api")).max(40, "must be at most 40 characters").regex(DNS_NAME, DNS_NAME_HINT),
  /** The template: "web", "worker", or one the app registers. */
  template: nonEmpty('the service template, such as "web" or "worker"'),
  /** The container image, pinned: `repo/name:1.4.2` or `repo/name@sha256:<digest>`. */
  image: nonEmpty("a container image with a pinned tag or digest"),
  /** The port the container listens on (web services). */
  port: z.number({ invalid_type_error: "must be a port number" }).optional(),
  /** HTTP path of the liveness and readiness probes (web services). @default "/healthz" */
  healthPath: z.string().regex(/^\/[\x21-\x7e]*$/, "must be an absolute HTTP path such as /healthz").optional(),
  /** Command of the liveness and readiness probes (workers). @default ["/bin/sh", "-c", "kill -0 1"]: the main process is alive */
  healthCommand: z.array(z.string().min(1)).min(1, "must hold the program and its arguments").optional(),
  /** Per-service changes to the tier's sizing. @default - none */
  overrides: serviceOverridesSchema.optional(),
});

const nameSchema = (what: string, max: number) =>
  z
    .string(required(what))
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .regex(DNS_NAME, DNS_NAME_HINT);

/** Schema of one `EnvironmentSpec`: structure and per-field formats. */
export const environmentSpecSchema = z.strictObject({
  /** DNS-safe name, unique in the organization; the stack is `env-<name>`. */
  name: nameSchema("a DNS-safe environment name such as dev or pr-123", MAX_ENV_NAME_LENGTH),
  tier: z.enum(TIERS, message(`must be one of ${TIERS.join(", ")}`)),
  /** AWS region. @default - the organization's region */
  region: z.string().regex(REGION, REGION_HINT).optional(),
  /** Zones of the region to span; the tier uses the first `sizing.availabilityZones` of them. */
  availabilityZones: z
    .array(z.string().regex(ZONE, "must be a zone name such as eu-west-1a"), required('the zones to span, e.g. ["eu-west-1a", "eu-west-1b"]'))
    .min(1, "must list at least one zone"),
  /** 12-digit AWS account id; Terraform refuses any other account. Required in staging and prod. */
  account: z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id").optional(),
  /** The environment's VPC range, /16 to /24, disjoint from every other environment's. */
  cidr: z.string(required("the environment's VPC range, e.g. 10.10.0.0/16")),
  /** Team or person accountable for the environment (a tag value). @default - the organization's owner */
  owner: tagValue("the accountable team").optional(),
  /** Cost centre (a tag value). @default - the organization's cost centre */
  costCentre: tagValue("the cost centre").optional(),
  /** Who receives budget alerts and, in staging and prod, alarm notifications. @default - the organization's */
  alertEmails: alertEmails.optional(),
  /** The role CI assumes through OIDC to deploy it (`envctl pipeline`); `{account}` is its account. Never a stored key. @default - the organization's */
  deployRole: deployRole.optional(),
  /** What the environment is expected to use each month (priced by `envctl cost`). @default - its tier's assumptions */
  usage: usageSchema.partial().optional(),
  /** Ephemeral with an expiry, or persistent with a reason: never vague. */
  lifecycle: lifecycleSchema,
  /** Where Terraform keeps the state. @default - the organization's backend, else local state */
  backend: backendSchema.optional(),
  /** Application settings (over the organization's `config.base` and `config.tiers`), published as SSM parameters under `/<org>/<name>/` and in the namespace's ConfigMap. @default - none */
  config: configSchema.optional(),
  /** Extra tags; they cannot replace the library's own tag keys. @default - none */
  tags: tagMap.optional(),
  /** Changes to the tier profile. @default - none */
  overrides: overridesSchema.optional(),
  /** Where the environment's Kubernetes namespace lives; with it, the app adds the stack `env-<name>-k8s`. @default - no Kubernetes stack */
  kubernetes: kubernetesSchema.optional(),
  /** The environment's services, deployed into its namespace (needs `kubernetes`). @default - none */
  services: z.array(serviceSchema).max(100, "must list at most 100 services").optional(),
  /** Differences from its counterpart (staging from prod) that are intended, each with its reason: see the parity rules. @default - none */
  parity: z
    .strictObject({
      allow: z
        .array(
          z.strictObject({
            /** What may differ: `config.<key>`, `overrides.<sizing|security|lifecycle>.<field>`, or `services.<name>.<cpuMillicores|memoryMiB>`. */
            path: z.string().regex(/^(config\.[A-Za-z0-9_.-]{1,128}|overrides\.(sizing|security|lifecycle)\.[A-Za-z]+|services\.[a-z][a-z0-9-]*\.(cpuMillicores|memoryMiB))$/, "must be config.<key>, overrides.<sizing|security|lifecycle>.<field>, or services.<name>.<cpuMillicores|memoryMiB>"),
            reason: nonEmpty("why the difference is intended").pipe(z.string().max(512, "must be at most 512 characters")),
          }),
        )
        .max(100, "must list at most 100 allowed differences"),
    })
    .optional(),
  /**
   * Retires a protected environment on purpose: deletion protection is lifted so
   * that `cdktf destroy` can delete it; the database still keeps its final
   * snapshot, and buckets are not emptied. @default - not being decommissioned
   */
  decommission: z.strictObject({ approvedBy: tagValue("who approved the teardown"), reason: nonEmpty("why the environment is retired") }).optional(),
});

/** What a tier asks of a release coming into it; unset fields keep the defaults (see `PROMOTION_DEFAULTS`). */
const tierPromotionSchema = z.strictObject({
  /** Hours the release must have run healthy in the environment it is promoted from. */
  soakHours: z.number({ invalid_type_error: "must be a number of hours" }).min(0, "must be 0 or more hours").max(720, "must be at most 720 hours (30 days)").optional(),
  /** Distinct approvers a promotion needs, the promoter not counted. */
  approvals: z.number({ invalid_type_error: "must be a whole number" }).int("must be a whole number").min(0, "must be 0 or more").max(10, "must be at most 10").optional(),
  /** Whether a deploy into the tier must be of a release promoted into the environment. */
  requiresPromotion: z.boolean({ invalid_type_error: "must be true or false" }).optional(),
});

/**
 * Promotion rules per tier. Prod's may be tuned, never lifted: it always
 * requires a promotion and at least one approval.
 */
export const promotionSchema = z.strictObject({
  preview: tierPromotionSchema.optional(),
  dev: tierPromotionSchema.optional(),
  test: tierPromotionSchema.optional(),
  staging: tierPromotionSchema.optional(),
  prod: tierPromotionSchema
    .superRefine((p, ctx) => {
      if (p.approvals === 0) ctx.addIssue({ code: "custom", path: ["approvals"], message: "must be at least 1: a release reaches prod only with someone's approval besides the promoter (the default is 2)" });
      if (p.requiresPromotion === false) ctx.addIssue({ code: "custom", path: ["requiresPromotion"], message: "cannot be false: prod deploys only promoted releases (a break-glass deploy, envctl up prod --break-glass <reason>, is the recorded way past it)" });
    })
    .optional(),
});

/** Schema of the organization defaults, the first layer of resolution. */
export const orgDefaultsSchema = z.strictObject(
  {
    /** Short DNS-safe organization name, the prefix of globally unique names such as buckets. */
    organization: nameSchema("a short DNS-safe organization name", MAX_ORG_NAME_LENGTH).refine((name) => !/^(aws|ssm|sthree|amzn)/.test(name), {
      message: 'must not start with "aws", "ssm", "sthree" or "amzn": AWS reserves those prefixes for parameter and bucket names',
    }),
    region: z.string().regex(REGION, REGION_HINT).optional(),
    owner: tagValue("the default owner").optional(),
    costCentre: tagValue("the default cost centre").optional(),
    /** Configuration every environment starts from: `base`, per tier, and the keys allowed to differ by environment. */
    config: orgConfigSchema.optional(),
    /** Who receives every environment's alerts, unless it names its own. */
    alertEmails: alertEmails.optional(),
    /** The role CI assumes through OIDC to deploy each environment (`envctl pipeline`), such as `arn:aws:iam::{account}:role/envkit-deploy`. */
    deployRole: deployRole.optional(),
    backend: backendSchema.optional(),
    tags: tagMap.optional(),
    /** What each tier asks of a release promoted into it: soak time, approvals, whether deploys need a promotion. @default - PROMOTION_DEFAULTS */
    promotion: promotionSchema.optional(),
  },
  required("the organization defaults, an object such as { organization: \"acme\", region: \"eu-west-1\" }"),
);
