/**
 * The types of what users write are inferred from the schemas (`schema.ts`),
 * so a field is defined once. `ResolvedEnvironment` is the result of
 * resolution: what constructs and stacks read.
 */
import type { z } from "zod/v3";
import type { BaselineControl, Retention, SecurityBaseline, Tier, TierSizing } from "../core/profile";
import type { UsageAssumptions } from "../core/usage";
import type { backendSchema, environmentSpecSchema, ephemeralLifecycleSchema, orgDefaultsSchema, overridesSchema, persistentLifecycleSchema } from "./schema";
import type { ResolvedKubernetes } from "./kubernetes";

/** A difference a spec declares acceptable, by path (`config.log-level`, `overrides.sizing.dbInstanceClass`, `services.api.maxReplicas`). */
export interface ParityAllowance {
  readonly path: string;
  readonly reason: string;
}

/** One control an override makes weaker than the tier profile. */
export interface WeakenedControl {
  /** Path under `overrides`, e.g. `security.s3Versioning`. */
  readonly field: BaselineControl;
  /** The overriding value, as written. */
  readonly value: unknown;
  /** What the override does, e.g. `lowering backupRetentionDays to 3`. */
  readonly description: string;
  /** What the tier keeps instead. */
  readonly baseline: string;
  /** True when the weakening exposes data or hosts to the internet: refused in every tier. */
  readonly exposes: boolean;
}

/** What a user writes to declare one environment; see `environmentSpecSchema` for every field. */
export type EnvironmentSpec = z.input<typeof environmentSpecSchema>;
/** Organization-wide defaults, the first layer of resolution. */
export type OrgDefaults = z.input<typeof orgDefaultsSchema>;
/** Where Terraform keeps an environment's state: `local` (default), `s3` or `hcp`. */
export type BackendSpec = z.input<typeof backendSchema>;
/** An environment reaped at an absolute expiry. */
export type EphemeralLifecycle = z.input<typeof ephemeralLifecycleSchema>;
/** A long-lived environment, with the reason it must stay. */
export type PersistentLifecycle = z.input<typeof persistentLifecycleSchema>;
/** Ephemeral with an expiry, or persistent with a reason: never vague. */
export type LifecycleSpec = EphemeralLifecycle | PersistentLifecycle;
/** Per-environment changes to the tier profile. */
export type EnvironmentOverrides = z.input<typeof overridesSchema>;

/** A resolved lifecycle: an ephemeral one always has its absolute expiry. */
export type ResolvedLifecycle =
  | {
      readonly kind: "ephemeral";
      /** ISO-8601 UTC, to the second. */
      readonly createdAt: string;
      /** ISO-8601 UTC, to the second. */
      readonly expiresAt: string;
      /** When the expiry was last extended (`envctl renew`); the start of the current time to live. */
      readonly renewedAt?: string;
    }
  | { readonly kind: "persistent"; readonly reason: string };

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
  /** Who receives budget alerts and, in staging and prod, alarm notifications; empty when nobody was named. */
  readonly alertEmails: readonly string[];
  /** The IAM role CI assumes through OIDC to deploy it, `{account}` filled in; absent when none is configured (or it needs an account the environment lacks). */
  readonly deployRole?: string;
  /** What the environment is assumed to use each month, for the cost estimate. */
  readonly usage: UsageAssumptions;
  readonly lifecycle: ResolvedLifecycle;
  readonly backend: BackendSpec;
  /** Application settings by key, as published (the organization's base, its tier's, then the environment's own; a secret as `secretsmanager:<name or ARN>`). */
  readonly config: Readonly<Record<string, string>>;
  /** The Secrets Manager secrets the config references, by key (their values are never read). */
  readonly secretConfig: Readonly<Record<string, string>>;
  /** Config keys the organization sets for this environment's tier (`config.tiers.<tier>`): they differ by tier on purpose. */
  readonly configTierKeys: readonly string[];
  /** Config keys the environment's own spec sets (its `config`), over the organization's layers. */
  readonly configOwnKeys: readonly string[];
  /** Differences from its counterpart declared as intended (`parity.allow`). */
  readonly parityAllowances: readonly ParityAllowance[];
  readonly sizing: TierSizing;
  readonly security: SecurityBaseline;
  readonly retention: Retention;
  /** Every tag the provider sets by default on the environment's resources. */
  readonly tags: Readonly<Record<string, string>>;
  /** Controls weakened by overrides (allowed below prod): printed at synth, in the manifest, named in findings. */
  readonly weakenedControls: readonly WeakenedControl[];
  /** Set when the environment is being retired on purpose; deletion protection is then lifted. */
  readonly decommission?: { readonly approvedBy: string; readonly reason: string };
  /** Its namespace, cluster and services, when the spec names a cluster. */
  readonly kubernetes?: ResolvedKubernetes;
}
