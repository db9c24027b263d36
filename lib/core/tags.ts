/**
 * The tag vocabulary every environment resource carries. Tags reach resources
 * through the AWS provider's `default_tags`; policies read them merged with
 * each resource's own tags.
 */

/** Tag keys set on every resource of an environment (`created-at`, `renewed-at`, `expires-at` and `cloud-nuke-after` on ephemeral environments only). */
export const TAG_KEYS = Object.freeze({
  environment: "environment",
  tier: "tier",
  owner: "owner",
  costCentre: "cost-centre",
  managedBy: "managed-by",
  lifecycle: "lifecycle",
  /** When the ephemeral environment was created, ISO-8601 UTC: the start of its time to live. */
  createdAt: "created-at",
  /** When the ephemeral environment's expiry was last extended (`envctl renew`), ISO-8601 UTC: then the start of its time to live. */
  renewedAt: "renewed-at",
  /** When the environment expires, ISO-8601 UTC. */
  expiresAt: "expires-at",
  /** The expiry again, under the key that cleanup tools such as cloud-nuke read (RFC 3339). */
  cloudNukeAfter: "cloud-nuke-after",
} as const);

/** Tags every resource must carry, whatever its lifecycle. */
export const REQUIRED_TAG_KEYS: readonly string[] = Object.freeze([
  TAG_KEYS.environment,
  TAG_KEYS.tier,
  TAG_KEYS.owner,
  TAG_KEYS.costCentre,
  TAG_KEYS.managedBy,
  TAG_KEYS.lifecycle,
]);

/** Value of the `managed-by` tag. */
export const MANAGED_BY = "cdktf-envkit";

/** Value of the `lifecycle` tag. */
export type LifecycleKind = "ephemeral" | "persistent";
