import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEnvironmentApp, type EnvironmentAppOptions } from "../../stacks/app";
import type { EnvironmentSpec } from "../../lib/environments/types";
import type { Tier } from "../../lib/core/profile";
import { ORG, specFor } from "../helpers/fixtures";

/** The clock of these tests: before the fixtures' preview expires. */
export const NOW = new Date("2026-11-21T00:00:00Z");

/** A shared non-prod cluster and a prod cluster, as the example organization has them. */
export const NONPROD = { cluster: { type: "kubeconfig" as const, context: "acme-nonprod" } };
export const PROD = { cluster: { type: "eks" as const, name: "acme-prod" } };

/** Two services from the built-in templates. */
export const SERVICES: NonNullable<EnvironmentSpec["services"]> = [
  { name: "api", template: "web", image: "ghcr.io/acme/api:1.8.0", port: 8080 },
  { name: "jobs", template: "worker", image: "ghcr.io/acme/jobs@sha256:" + "a".repeat(64) },
];

/** A spec of `tier` with a cluster and the two services. */
export function k8sSpec(tier: Tier, changes: Partial<EnvironmentSpec> = {}): EnvironmentSpec {
  return specFor(tier, { kubernetes: tier === "prod" ? PROD : NONPROD, services: SERVICES, ...changes });
}

/** Synthesizes `specs` into a scratch directory; returns the Terraform JSON of every stack and cdktf's manifest. */
export function synthesize(specs: readonly EnvironmentSpec[], options: Partial<EnvironmentAppOptions> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), "envkit-k8s-"));
  const result = createEnvironmentApp(ORG, specs, { app: { outdir }, policy: { clock: () => NOW }, lifecycleDirectory: join(outdir, "records"), env: {}, ...options });
  result.app.synth();
  const read = (file: string) => JSON.parse(readFileSync(join(outdir, file), "utf8"));
  return { ...result, outdir, stack: (id: string): Record<string, any> => read(join("stacks", id, "cdk.tf.json")), cdktfManifest: () => read("manifest.json"), manifest: () => read("envkit.manifest.json") };
}

/** The resources of one type in a stack's JSON, as a list. */
export function resourcesOf(json: Record<string, any>, type: string): Record<string, any>[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The one resource of `type` whose metadata name is `name`. */
export function named(json: Record<string, any>, type: string, name: string): Record<string, any> {
  const found = resourcesOf(json, type).filter((r) => r.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}
