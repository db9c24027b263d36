import * as fc from "fast-check";
import { Testing } from "cdktf";
import { defineEnvironments } from "../../stacks/app";
import { EnvironmentSpecError } from "../../lib/environments/errors";
import { resolveEnvironments } from "../../lib/environments/resolve";
import type { EnvironmentSpec, OrgDefaults } from "../../lib/environments/types";
import { orgArbitrary, specArbitrary } from "../hardening/spec-arbitraries";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformRunner } from "../../controller/terraform/runner";

/**
 * The other half of the spec layer's promise, with real Terraform: a spec the
 * library accepts gives Terraform JSON that `terraform validate` accepts.
 * Generated specs (fixed seed) that the library accepts are validated, one
 * per tier and the oddest among them (reserved config keys, longest names),
 * all in one Terraform configuration.
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

/**
 * One configuration holding every sample as a module of its own, so that
 * Terraform reads the provider's schema once for all of them: each stack as
 * synthesized, less its backend (a module has none).
 */
function configurationOf(samples: { org: OrgDefaults; spec: EnvironmentSpec }[]): { dir: string; modules: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "envkit-accepted-"));
  const modules: Record<string, { source: string }> = {};
  for (const { org, spec } of samples) {
    const [stack] = defineEnvironments(Testing.app(), org, [spec]);
    const json = JSON.parse(Testing.synth(stack));
    delete json.terraform.backend;
    mkdirSync(join(dir, spec.tier));
    writeFileSync(join(dir, spec.tier, "cdk.tf.json"), JSON.stringify(json, null, 2));
    modules[spec.tier] = { source: `./${spec.tier}` };
  }
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ module: modules }, null, 2));
  return { dir, modules: Object.keys(modules) };
}

describe("real Terraform: every accepted spec gives a configuration that terraform validate accepts", () => {
  const samples = acceptedSamples();

  it("finds accepted specs of every tier to validate", () => {
    expect(samples.map((s) => s.spec.tier).sort()).toEqual(["dev", "preview", "prod", "staging", "test"]);
  });

  it("each generated spec validates: no diagnostics at all, in any of their modules", async () => {
    const { dir, modules } = configurationOf(samples);
    const runner = new TerraformRunner();
    try {
      expect(modules.sort()).toEqual(["dev", "preview", "prod", "staging", "test"]);
      expect((await runner.init(dir)).code).toBe(0);
      const result = await runner.validate(dir);
      expect({ specs: samples.map((s) => s.spec.name), diagnostics: result.diagnostics }).toEqual({ specs: samples.map((s) => s.spec.name), diagnostics: [] });
      expect(result.valid).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
