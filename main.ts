import type { App } from "cdktf";
// The example imports the package's public entry point, as an app repository does.
import { createEnvironmentApp, runApp, synthesizeAll, type EnvironmentSpec, type OrgDefaults, type PreviewTemplate } from "./api";

/** The example organization's defaults: the first layer of every environment. */
export const ORGANIZATION: OrgDefaults = {
  organization: "acme",
  region: "eu-west-1",
  owner: "platform-team",
  costCentre: "cc-1001",
  alertEmails: ["platform-alerts@example.com"],
  // The role CI assumes (OIDC) to deploy each environment, in its own account: `envctl pipeline github` uses it.
  deployRole: "arn:aws:iam::{account}:role/envkit-deploy",
  // One configuration for every environment: a base, changes per tier, then each environment's own (same keys everywhere).
  config: {
    base: { "log-level": "info", "feature-flags": "none", "payments-api-key": { secret: "acme/payments/api-key" } },
    tiers: { dev: { "log-level": "debug" }, prod: { "log-level": "warn" } },
  },
  tags: { "data-classification": "internal" },
};

const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

/** Dev, test, staging and previews share one cluster, each in its own namespace; prod has a cluster of its own. */
const NONPROD_CLUSTER = { cluster: { type: "kubeconfig", context: "acme-nonprod" } } as const;
const PROD_CLUSTER = { cluster: { type: "eks", name: "acme-prod", oidcProviderArn: "arn:aws:iam::444444444444:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C5F3B1A8E2D4F6A9B0C7D1E2F3A4B5C" } } as const;

/** The two services every environment runs, from the built-in templates. */
const SERVICES = [
  { name: "api", template: "web", image: "ghcr.io/acme/api:1.8.0", port: 8080 },
  { name: "jobs", template: "worker", image: "ghcr.io/acme/jobs:1.8.0" },
];

/** The example organization's long-lived shared environments. */
export const ENVIRONMENTS: readonly EnvironmentSpec[] = [
  {
    name: "dev",
    tier: "dev",
    account: "111111111111",
    availabilityZones: ZONES,
    cidr: "10.10.0.0/16",
    lifecycle: { kind: "persistent", reason: "shared development environment of every team" },
    config: { "feature-flags": "beta-ui,new-billing" },
    kubernetes: NONPROD_CLUSTER,
    services: SERVICES,
  },
  {
    name: "test",
    tier: "test",
    account: "222222222222",
    availabilityZones: ZONES,
    cidr: "10.20.0.0/16",
    lifecycle: { kind: "persistent", reason: "integration test target of the release pipeline" },
    config: { "feature-flags": "beta-ui" },
    kubernetes: NONPROD_CLUSTER,
    services: SERVICES,
  },
  {
    name: "staging",
    tier: "staging",
    account: "333333333333",
    availabilityZones: ZONES,
    cidr: "10.30.0.0/16",
    lifecycle: { kind: "persistent", reason: "production rehearsal before every release" },
    kubernetes: NONPROD_CLUSTER,
    services: SERVICES,
  },
  {
    name: "prod",
    tier: "prod",
    account: "444444444444",
    availabilityZones: ZONES,
    cidr: "10.40.0.0/16",
    owner: "sre-team",
    lifecycle: { kind: "persistent", reason: "serves customers" },
    kubernetes: PROD_CLUSTER,
    services: SERVICES,
  },
];

/**
 * Previews per pull request: `ENV_PREVIEW=pr-123 npx cdktf deploy env-pr-123` adds the
 * preview pr-123 in the dev account, with a namespace of its own on the shared cluster.
 */
export const PREVIEWS: PreviewTemplate = { account: "111111111111", availabilityZones: ZONES, kubernetes: NONPROD_CLUSTER, services: SERVICES };

/** Builds the example app: an AWS stack and a Kubernetes stack per environment, and the preview ENV_PREVIEW names. */
export function buildApp(outdir?: string): App {
  return createEnvironmentApp(ORGANIZATION, ENVIRONMENTS, { app: outdir ? { outdir } : undefined, previews: PREVIEWS }).app;
}

if (require.main === module) {
  runApp(() => synthesizeAll(buildApp()));
}
