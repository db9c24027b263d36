import { Testing, type App } from "cdktf";
import { defineEnvironments, synthesizeAll } from "../../stacks/app";
import { EnvironmentSpecError, type SpecProblem } from "../../lib/environments/errors";
import { resolveEnvironment, resolveEnvironments } from "../../lib/environments/resolve";
import type { EnvironmentSpec, OrgDefaults, ResolvedEnvironment } from "../../lib/environments/types";
import type { Tier } from "../../lib/core/tiers";
import { EnvironmentStack } from "../../stacks/environment-stack";

/** Organization defaults used across tests. */
export const ORG: OrgDefaults = { organization: "acme", region: "eu-west-1", owner: "platform-team", costCentre: "cc-1001", alertEmails: ["platform-alerts@example.com"] };

/** Fixed creation time: tests never read the clock. */
export const CREATED_AT = "2026-11-20T09:00:00Z";

const ACCOUNTS: Record<Tier, string> = {
  preview: "555555555555",
  dev: "111111111111",
  test: "222222222222",
  staging: "333333333333",
  prod: "444444444444",
};
const CIDRS: Record<Tier, string> = { preview: "10.50.0.0/16", dev: "10.10.0.0/16", test: "10.20.0.0/16", staging: "10.30.0.0/16", prod: "10.40.0.0/16" };

/** A valid spec of `tier`, persistent where the tier allows it and ephemeral (2 days) on previews. */
export function specFor(tier: Tier, changes: Partial<EnvironmentSpec> = {}): EnvironmentSpec {
  return {
    name: tier,
    tier,
    account: ACCOUNTS[tier],
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    cidr: CIDRS[tier],
    lifecycle:
      tier === "preview"
        ? { kind: "ephemeral", createdAt: CREATED_AT, expiresAt: "2026-11-22T09:00:00Z" }
        : { kind: "persistent", reason: `long-lived ${tier} environment` },
    ...changes,
  };
}

/** Resolves a spec with the test organization. */
export function resolved(spec: EnvironmentSpec): ResolvedEnvironment {
  return resolveEnvironment(ORG, spec);
}

/** A fresh app with one environment stack. */
export function stackFor(spec: EnvironmentSpec, org: OrgDefaults = ORG): EnvironmentStack {
  const app = Testing.app();
  return defineEnvironments(app, org, [spec])[0];
}

/** The error `synthesizeAll(app)` throws; fails the test when it throws none. */
export function synthError(app: App): Error {
  try {
    synthesizeAll(app);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the synth to fail");
}

/** The problems resolving `specs` reports; empty when they resolve. */
export function specProblems(specs: readonly EnvironmentSpec[], org: OrgDefaults = ORG): SpecProblem[] {
  try {
    resolveEnvironments(org, specs);
  } catch (error) {
    if (error instanceof EnvironmentSpecError) return [...error.problems];
    throw error;
  }
  return [];
}
