import * as fc from "fast-check";
import { Testing } from "cdktf";
import { defineEnvironments } from "../../stacks/app";
import { EnvironmentSpecError } from "../../lib/environments/errors";
import { resolveEnvironments } from "../../lib/environments/resolve";
import type { EnvironmentSpec, OrgDefaults } from "../../lib/environments/types";
import { orgArbitrary, specArbitrary } from "../hardening/spec-arbitraries";
import { offlineWorkdir } from "../helpers/offline-terraform";

/**
 * The other half of the spec layer's promise, with real Terraform: a spec the
 * library accepts gives Terraform JSON that `terraform validate` accepts.
 * Generated specs (fixed seed) that the library accepts are validated, one
 * per tier and the oddest among them (reserved config keys, longest names).
 */
const SEED = 20261201;

function acceptedSamples(): { org: OrgDefaults; spec: EnvironmentSpec }[] {
  const accepted: { org: OrgDefaults; spec: EnvironmentSpec; score: number }[] = [];
  for (const [org, spec] of fc.sample(fc.tuple(orgArbitrary, specArbitrary), { seed: SEED, numRuns: 4000 })) {
    try {
      resolveEnvironments(org as OrgDefaults, [spec as EnvironmentSpec]);
    } catch (error) {
      if (error instanceof EnvironmentSpecError) continue;
      throw error;
    }
    const s = spec as EnvironmentSpec;
    const score = Object.keys(s.config ?? {}).length + Object.keys(s.tags ?? {}).length + s.name.length / 10 + (s.overrides ? 2 : 0);
    accepted.push({ org: org as OrgDefaults, spec: s, score });
  }
  const byTier = new Map<string, (typeof accepted)[number]>();
  for (const candidate of accepted.sort((a, b) => b.score - a.score)) if (!byTier.has(candidate.spec.tier)) byTier.set(candidate.spec.tier, candidate);
  return [...byTier.values()];
}

describe("real Terraform: every accepted spec gives a configuration that terraform validate accepts", () => {
  const samples = acceptedSamples();

  it("finds accepted specs of every tier to validate", () => {
    expect(samples.map((s) => s.spec.tier).sort()).toEqual(["dev", "preview", "prod", "staging", "test"]);
  });

  it.each(samples.map((s) => [s.spec.tier, s] as const))("%s: the generated spec validates", async (_tier, { org, spec }) => {
    const [stack] = defineEnvironments(Testing.app(), org, [spec]);
    const work = offlineWorkdir(JSON.parse(Testing.synth(stack)));
    try {
      await work.runner.init(work.dir);
      const result = await work.runner.validate(work.dir);
      expect({ spec: spec.name, diagnostics: result.diagnostics }).toEqual({ spec: spec.name, diagnostics: [] });
      expect(result.valid).toBe(true);
    } finally {
      work.cleanup();
    }
  });
});
