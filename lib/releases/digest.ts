/**
 * What a release is: everything an environment deploys that is not its own.
 * The library version (the constructs and templates it builds), each
 * service's template, image, port and probes, and the configuration the
 * organization shares across tiers (its `config.base`, less the keys a tier
 * layer sets or `environmentSpecific` names). Left out on purpose: the
 * environment's name, tier, account, region, ranges, tags, sizing, lifecycle
 * and backend, and its own config, which differ by design. Two environments
 * running the same release have the same digest.
 */
import { createHash } from "node:crypto";
import type { OrgDefaults, ResolvedEnvironment } from "../environments/types";

/** The inputs of a release digest, as hashed (sorted keys, secrets by reference only). */
export interface ReleaseContent {
  readonly library: string;
  readonly services: readonly { readonly name: string; readonly template: string; readonly image: string; readonly port: number | null; readonly healthPath: string; readonly healthCommand: readonly string[] }[];
  readonly sharedConfig: Readonly<Record<string, unknown>>;
}

/** What of `env` (of organization `org`) makes its release, built with library `library`. */
export function releaseContent(env: ResolvedEnvironment, org: OrgDefaults, library: string): ReleaseContent {
  const base = org.config?.base ?? {};
  const byTier = new Set([...Object.values(org.config?.tiers ?? {}).flatMap((layer) => Object.keys(layer ?? {})), ...(org.config?.environmentSpecific ?? [])]);
  const sharedConfig = Object.fromEntries(
    Object.keys(base)
      .filter((k) => !byTier.has(k))
      .sort()
      .map((k) => [k, base[k]]),
  );
  const services = [...(env.kubernetes?.services ?? [])]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => ({ name: s.name, template: s.template, image: s.image, port: s.port ?? null, healthPath: s.healthPath, healthCommand: [...s.healthCommand] }));
  return { library, services, sharedConfig };
}

/** SHA-256 (hex) of the release content. */
export function releaseDigest(content: ReleaseContent): string {
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

/** A release: its id and digest. */
export interface ReleaseRef {
  /** `rel-` and the first 12 hex digits of the digest. */
  readonly id: string;
  readonly digest: string;
}

/** The release `env` runs when built from this code with library `library`. */
export function releaseOf(env: ResolvedEnvironment, org: OrgDefaults, library: string): ReleaseRef {
  const digest = releaseDigest(releaseContent(env, org, library));
  return { id: `rel-${digest.slice(0, 12)}`, digest };
}
