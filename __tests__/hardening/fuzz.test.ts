import * as fc from "fast-check";
import { Testing } from "cdktf";
import { defineEnvironments } from "../../stacks/app";
import { isEnvkitError } from "../../lib/core/errors";
import { EnvironmentSpecError } from "../../lib/environments/errors";
import { resolveEnvironments } from "../../lib/environments/resolve";
import type { EnvironmentSpec, OrgDefaults } from "../../lib/environments/types";
import { findingsOf } from "../../stacks/synth/testing";
import { evaluate } from "../../policies/engine";
import { readTerraformJsonText } from "../../policies/json-reader";
import { loadTerraform } from "../../policies/loaders";
import { definePolicy } from "../../policies/packs";
import { renderReport, REPORT_FORMATS } from "../../policies/report/render";
import { parseWaivers } from "../../policies/waivers";
import { NOW } from "../policies/helpers";
import { specArbitrary, orgArbitrary } from "./spec-arbitraries";

/**
 * Fuzzing in the normal suite, seeded so that a failure reproduces: the
 * readers and the spec layer answer every input with a result or one of the
 * library's errors, never with a crash.
 */
const SEED = 20261201;
const POLICY = definePolicy();

/** Runs `work`; an error that is not the library's own is a crash and fails the property. */
function noCrash(work: () => unknown): boolean {
  try {
    work();
  } catch (error) {
    if (!isEnvkitError(error)) throw error;
  }
  return true;
}

/** Terraform-shaped JSON: sections as objects or arrays, odd values where attributes go. */
const terraformish = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.jsonValue({ maxDepth: 3 }), tie("block")),
  block: fc.oneof(fc.dictionary(fc.string({ maxLength: 12 }), tie("value"), { maxKeys: 4 }), fc.array(tie("value"), { maxLength: 3 })),
  document: fc.record(
    {
      resource: fc.oneof(fc.dictionary(fc.constantFrom("aws_s3_bucket", "aws_security_group", "aws_db_instance", "aws_iam_policy", "aws_ssm_parameter", "kubernetes_deployment_v1", "x"), tie("block"), { maxKeys: 3 }), fc.array(tie("block"), { maxLength: 2 }), fc.jsonValue({ maxDepth: 1 })),
      provider: fc.oneof(fc.constant({ aws: [{ default_tags: [{ tags: { tier: "prod" } }] }] }), tie("block")),
      variable: tie("block"),
      output: tie("block"),
      data: tie("block"),
      "//": fc.oneof(fc.constant({ envkit: { waivers: [] } }), fc.jsonValue({ maxDepth: 2 })),
      format_version: fc.constantFrom("1.2", "0.1", "9.9", 1),
      planned_values: fc.record({ root_module: fc.record({ resources: fc.array(tie("block"), { maxLength: 3 }), child_modules: fc.array(tie("block"), { maxLength: 2 }) }) }),
      values: tie("block"),
    },
    { requiredKeys: [] },
  ),
}));

describe("fuzz: the readers", () => {
  it("reading any text gives a value or a clear input error", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => noCrash(() => readTerraformJsonText(text, "fuzz.json"))), { seed: SEED, numRuns: 2000 });
  });

  it("reading a mutated Terraform JSON gives a value or a clear input error", () => {
    const base = JSON.stringify({ provider: { aws: { region: "eu-west-1" } }, resource: { aws_s3_bucket: { a: { bucket: "x", tags: { k: "v" } } } } });
    const mutation = fc.record({ at: fc.nat(base.length - 1), insert: fc.string({ maxLength: 3 }), cut: fc.nat(3) });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = base;
        for (const m of mutations) text = text.slice(0, m.at) + m.insert + text.slice(m.at + m.cut);
        return noCrash(() => loadTerraform(readTerraformJsonText(text, "fuzz.json"), { stackName: "fuzz", now: NOW }));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("loading, judging and rendering any Terraform-shaped document never crashes", () => {
    fc.assert(
      fc.property(terraformish.document, fc.constantFrom(...REPORT_FORMATS), (document, format) =>
        noCrash(() => {
          const model = loadTerraform(readTerraformJsonText(JSON.stringify(document), "fuzz.json"), { stackName: "fuzz", now: NOW, tier: "prod" });
          renderReport(format, evaluate(POLICY, [model], { now: NOW }), {});
        }),
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it("parsing any waivers document gives waivers or a clear input error", () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => noCrash(() => parseWaivers(json))), { seed: SEED, numRuns: 1500 });
  });
});

/** Counts of what the spec fuzzing saw, reported in the closing note of the hardening work. */
const seen = { tried: 0, accepted: 0, rejected: 0 };

describe("fuzz: the spec layer", () => {
  it("every spec is either rejected with an EnvironmentSpecError, or synthesizes with its policies evaluated", () => {
    fc.assert(
      fc.property(orgArbitrary, fc.array(specArbitrary, { maxLength: 3 }), (org, specs) => {
        seen.tried++;
        let environments;
        try {
          environments = resolveEnvironments(org as OrgDefaults, specs as EnvironmentSpec[]);
        } catch (error) {
          if (!(error instanceof EnvironmentSpecError)) throw error;
          expect(error.problems.length).toBeGreaterThan(0);
          seen.rejected++;
          return true;
        }
        seen.accepted++;
        const stacks = defineEnvironments(Testing.app(), org as OrgDefaults, specs as EnvironmentSpec[]);
        expect(stacks).toHaveLength(environments.length);
        for (const stack of stacks) {
          expect(() => Testing.synth(stack)).not.toThrow();
          findingsOf(stack, { clock: () => NOW });
        }
        return true;
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The generator reaches both sides of the rule.
    expect(seen.accepted).toBeGreaterThan(30);
    expect(seen.rejected).toBeGreaterThan(30);
    if (process.env.ENVKIT_FUZZ_STATS) process.stdout.write(`spec fuzz: ${JSON.stringify(seen)}\n`);
  });
});
