import type { SecurityBaseline, Tier, TierLifecycle, TierSizing } from "../core/tiers";
import type { LifecycleKind } from "../core/tags";

/** Where Terraform keeps an environment's state. */
export type BackendSpec =
  /** A state file per environment on the local disk (the default). */
  | { readonly type: "local"; /** Directory holding `<env>.tfstate` files. @default "terraform-state" */ readonly directory?: string }
  /** An S3 bucket with native S3 locking (`use_lockfile`) and encryption; one key per environment. */
  | {
      readonly type: "s3";
      readonly bucket: string;
      /** @default - the environment's region */
      readonly region?: string;
      /** Key prefix; the state key is `<keyPrefix>/<env>/terraform.tfstate`. @default "envs" */
      readonly keyPrefix?: string;
      /** KMS key (ARN or alias) that encrypts the state objects. @default - the bucket's default encryption */
      readonly kmsKeyId?: string;
    }
  /** HCP Terraform (or Terraform Enterprise): one workspace per environment. */
  | {
      readonly type: "hcp";
      readonly organization: string;
      /** Workspace name is `<workspacePrefix><env>`. @default "env-" */
      readonly workspacePrefix?: string;
      /** @default "app.terraform.io" */
      readonly hostname?: string;
    };

/** An environment that is reaped at an absolute UTC expiry recorded when it was created. */
export interface EphemeralLifecycle {
  readonly kind: "ephemeral";
  /** When the environment was created, ISO-8601 UTC (`2026-11-20T09:00:00Z`). */
  readonly createdAt: string;
  /** When it expires, ISO-8601 UTC; at most the tier's maximum TTL after `createdAt`. */
  readonly expiresAt: string;
}

/** A long-lived environment, declared with the reason it must stay. */
export interface PersistentLifecycle {
  readonly kind: "persistent";
  readonly reason: string;
}

/** Ephemeral with an expiry, or persistent with a reason: never vague. */
export type LifecycleSpec = EphemeralLifecycle | PersistentLifecycle;

/** Per-environment changes to the tier profile. Weakening a security control in prod is an error. */
export interface EnvironmentOverrides {
  readonly sizing?: Partial<TierSizing>;
  readonly security?: Partial<SecurityBaseline>;
  readonly lifecycle?: Partial<Pick<TierLifecycle, "backupRetentionDays" | "deletionProtection" | "logRetentionDays" | "kmsDeletionWindowDays">>;
}

/** What a user writes to declare one environment. */
export interface EnvironmentSpec {
  /** DNS-safe name, unique in the organization; the stack is `env-<name>`. */
  readonly name: string;
  readonly tier: Tier;
  /** AWS region. @default - the organization's region */
  readonly region?: string;
  /** Zones of the region to span; the tier uses the first `sizing.availabilityZones` of them. */
  readonly availabilityZones: readonly string[];
  /** 12-digit AWS account id; Terraform refuses any other account. Required in staging and prod. */
  readonly account?: string;
  /** The environment's VPC range, /16 to /24, disjoint from every other environment's. */
  readonly cidr: string;
  /** Team or person accountable for the environment. @default - the organization's owner */
  readonly owner?: string;
  /** @default - the organization's cost centre */
  readonly costCentre?: string;
  readonly lifecycle: LifecycleSpec;
  /** @default - the organization's backend, else local state */
  readonly backend?: BackendSpec;
  /** Application settings published as SSM parameters (and, later, the namespace's config map). */
  readonly config?: Readonly<Record<string, string>>;
  /** Extra tags; they cannot replace the library's own tag keys. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly overrides?: EnvironmentOverrides;
}

/** Organization-wide defaults, the first layer of resolution. */
export interface OrgDefaults {
  /** Short DNS-safe organization name, the prefix of globally unique names such as buckets. */
  readonly organization: string;
  readonly region?: string;
  readonly owner?: string;
  readonly costCentre?: string;
  readonly backend?: BackendSpec;
  readonly tags?: Readonly<Record<string, string>>;
}

/** A resolved lifecycle: the spec's, plus its kind as the tag value. */
export type ResolvedLifecycle = (EphemeralLifecycle | PersistentLifecycle) & { readonly kind: LifecycleKind };

/** Immutable, fully typed result of resolving a spec: what constructs and stacks read. */
export interface ResolvedEnvironment {
  readonly name: string;
  readonly tier: Tier;
  readonly organization: string;
  readonly region: string;
  /** Exactly the zones the environment spans. */
  readonly availabilityZones: readonly string[];
  readonly account?: string;
  readonly cidr: string;
  readonly owner: string;
  readonly costCentre: string;
  readonly lifecycle: ResolvedLifecycle;
  readonly backend: BackendSpec;
  readonly config: Readonly<Record<string, string>>;
  readonly sizing: TierSizing;
  readonly security: SecurityBaseline;
  readonly retention: Pick<TierLifecycle, "backupRetentionDays" | "deletionProtection" | "logRetentionDays" | "kmsDeletionWindowDays">;
  /** Every tag the provider sets by default on the environment's resources. */
  readonly tags: Readonly<Record<string, string>>;
  /** Controls weakened by overrides (allowed below prod); each entry is `section.field`. */
  readonly weakenedControls: readonly string[];
}
