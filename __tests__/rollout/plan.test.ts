/**
 * Issue 19 (groundwork): the order of `envctl up` and `envctl down`. Within
 * an environment the AWS stack comes before the Kubernetes stack that reads
 * its outputs, and after it on the way down; expired environments are
 * skipped, protected tiers refused unless decommissioned.
 */
import * as fc from "fast-check";
import { isEnvkitError } from "../../lib/core/errors";
import { TIERS, type Tier } from "../../lib/core/profile";
import { planDown, planUp, renderPlan, type RolloutPlan } from "../../controller/rollout/plan";
import type { EnvironmentManifest, ManifestEnvironment } from "../../stacks/app/manifest";
import { resolved, specFor } from "../helpers/fixtures";

const NOW = new Date("2026-12-06T12:00:00Z");

function environment(name: string, tier: Tier, options: { expiresAt?: string; kubernetes?: boolean; decommission?: boolean } = {}): ManifestEnvironment {
  const stack = (suffix: string, kind: "aws" | "kubernetes") => ({ name: `env-${name}${suffix}`, kind, file: `stacks/env-${name}${suffix}/cdk.tf.json`, policy: {} as never, waivers: [], synthFindings: [] });
  const spec = specFor(tier, { name, ...(options.decommission ? { decommission: { approvedBy: "cto", reason: "retired" } } : {}) });
  return {
    name,
    tier,
    owner: "platform-team",
    lifecycle: resolved(spec).lifecycle,
    expiresAt: options.expiresAt ?? null,
    backend: { type: "local" },
    stacks: [...(options.kubernetes === false ? [] : [stack("-k8s", "kubernetes" as const)]), stack("", "aws" as const)],
    weakenedControls: [],
    resolved: resolved(spec),
  };
}

const manifest: EnvironmentManifest = {
  formatVersion: 1,
  libraryVersion: "0.1.0",
  environments: [environment("dev", "dev"), environment("staging", "staging"), environment("prod", "prod"), environment("pr-1", "preview", { expiresAt: "2026-12-05T00:00:00Z" }), environment("qa", "test", { kubernetes: false })],
};
const steps = (plan: RolloutPlan) => plan.steps.map((s) => `${s.stack}<${s.waitsFor.join(",")}`);

describe("envctl up's plan", () => {
  it("deploys each environment's AWS stack, then its Kubernetes stack after it, in the order named; an expired one is skipped with why", () => {
    const plan = planUp(manifest, ["staging", "dev", "pr-1"], { stacks: "all", now: NOW });
    expect(steps(plan)).toEqual(["env-staging<", "env-staging-k8s<env-staging", "env-dev<", "env-dev-k8s<env-dev"]);
    expect(plan.skipped).toEqual([{ environment: "pr-1", reason: "expired at 2026-12-05T00:00:00Z: its expiry guard refuses the deploy; renew it (envctl renew pr-1 --for 48h) or reap it" }]);
    expect(renderPlan(plan)).toBe(
      [
        "1. deploy env-staging (staging, aws)",
        "2. deploy env-staging-k8s (staging, kubernetes), after env-staging",
        "3. deploy env-dev (dev, aws)",
        "4. deploy env-dev-k8s (dev, kubernetes), after env-dev",
        "skipped pr-1: expired at 2026-12-05T00:00:00Z: its expiry guard refuses the deploy; renew it (envctl renew pr-1 --for 48h) or reap it",
        "",
      ].join("\n"),
    );
  });

  it("takes every environment when none is named, limits the stacks with --stacks, and names every unknown environment at once", () => {
    expect(steps(planUp(manifest, [], { stacks: "aws", now: NOW }))).toEqual(["env-dev<", "env-staging<", "env-prod<", "env-qa<"]);
    expect(steps(planUp(manifest, ["dev", "qa"], { stacks: "kubernetes", now: NOW }))).toEqual(["env-dev-k8s<"]);
    expect(() => planUp(manifest, ["dev", "nope", "gone"], { stacks: "all", now: NOW })).toThrow("unknown environments nope, gone: cdktf.out holds dev, staging, prod, pr-1, qa");
  });
});

describe("envctl down's plan", () => {
  it("destroys the Kubernetes stack first, then the AWS stack; refuses staging and prod unless decommissioned", () => {
    const plan = planDown(manifest, ["dev", "prod", "staging"], { stacks: "all" });
    expect(steps(plan)).toEqual(["env-dev-k8s<", "env-dev<env-dev-k8s"]);
    expect(plan.refused.map((r) => r.environment)).toEqual(["prod", "staging"]);
    expect(plan.refused[0].reason).toBe("tier prod keeps its data (deletion protection): decommission the environment in its spec (decommission: { approvedBy, reason }), deploy that, then tear it down");
    const retiring = { ...manifest, environments: [environment("prod", "prod", { decommission: true })] };
    expect(steps(planDown(retiring, ["prod"], { stacks: "all" }))).toEqual(["env-prod-k8s<", "env-prod<env-prod-k8s"]);
  });

  it("needs the environments named: a teardown never takes everything by default", () => {
    let error: unknown;
    try {
      planDown(manifest, [], { stacks: "all" });
    } catch (e) {
      error = e;
    }
    expect(isEnvkitError(error)).toBe(true);
    expect(String(error)).toContain("name the environments to tear down");
  });
});

describe("property: over any estate and any names", () => {
  const estate = fc.uniqueArray(fc.record({ name: fc.constantFrom("a", "b", "c", "d", "e"), tier: fc.constantFrom(...TIERS), kubernetes: fc.boolean(), expired: fc.boolean(), decommission: fc.boolean() }), { selector: (e) => e.name, minLength: 1 });
  it("every Kubernetes stack comes after its AWS stack up and before it down; no protected environment is ever torn down; no expired one deployed", () => {
    fc.assert(
      fc.property(estate, fc.constantFrom("aws", "kubernetes", "all" as const), (envs, stacks) => {
        const m: EnvironmentManifest = { formatVersion: 1, libraryVersion: "0.1.0", environments: envs.map((e) => environment(e.name, e.tier, { kubernetes: e.kubernetes, decommission: e.decommission, ...(e.expired ? { expiresAt: "2026-12-01T00:00:00Z" } : { expiresAt: "2026-12-31T00:00:00Z" }) })) };
        const up = planUp(m, [], { stacks, now: NOW });
        const down = planDown(m, envs.map((e) => e.name), { stacks });
        for (const [plan, first] of [[up, "aws"], [down, "kubernetes"]] as const) {
          for (const step of plan.steps) {
            const sibling = plan.steps.find((s) => s.environment === step.environment && s.kind !== step.kind);
            if (sibling && step.kind !== first) expect(plan.steps.indexOf(sibling)).toBeLessThan(plan.steps.indexOf(step));
            if (sibling && step.kind !== first) expect(step.waitsFor).toEqual([sibling.stack]);
          }
        }
        for (const step of up.steps) expect(envs.find((e) => e.name === step.environment)?.expired).toBe(false);
        for (const step of down.steps) {
          const e = envs.find((x) => x.name === step.environment)!;
          expect(e.decommission || !["staging", "prod"].includes(e.tier)).toBe(true);
        }
      }),
      { seed: 19, numRuns: 1000 },
    );
  });
});
