/**
 * ENVKIT_ONLY: a synth builds only the environments it names, and its
 * manifest still lists every one, so that one environment's CI job pays for
 * one environment, and what reads the manifest still sees the estate.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_FS } from "../../controller/cli/io";
import { readSynthOutput } from "../../controller/manifest/output";
import { fluxResources } from "../../controller/pipeline/flux";
import { githubWorkflows } from "../../controller/pipeline/github";
import { EnvironmentSpecError } from "../../lib/environments/errors";
import type { EnvironmentSpec } from "../../lib/environments/types";
import { createEnvironmentApp } from "../../stacks/app";
import { ENVIRONMENTS, ORGANIZATION, PREVIEWS } from "../../main";

function synth(env: Record<string, string>, into = mkdtempSync(join(tmpdir(), "envkit-only-")), specs: readonly EnvironmentSpec[] = ENVIRONMENTS): string {
  createEnvironmentApp(ORGANIZATION, specs, { app: { outdir: join(into, "cdktf.out") }, previews: PREVIEWS, lifecycleDirectory: join(into, "lifecycle"), releaseDirectory: join(into, "releases"), env }).app.synth();
  return join(into, "cdktf.out");
}

const text = (out: string, file: string) => readFileSync(join(out, file), "utf8");
const json = (out: string, file: string) => JSON.parse(text(out, file));

describe("ENVKIT_ONLY", () => {
  const whole = synth({});
  const staging = synth({ ENVKIT_ONLY: "staging" });

  it("builds only the environments it names; the manifest lists the others, with their stacks' names, in the order the app declares them", () => {
    expect(readdirSync(join(staging, "stacks")).sort()).toEqual(["env-staging", "env-staging-k8s"]);
    const output = readSynthOutput(NODE_FS, "/", staging);
    expect(output.manifest!.environments.map((e) => e.name)).toEqual(["staging"]);
    expect(output.manifest!.declaredOnly!.map((e) => [e.name, e.stacks.map((s) => `${s.kind}:${s.name}`)])).toEqual([
      ["dev", ["aws:env-dev", "kubernetes:env-dev-k8s"]],
      ["test", ["aws:env-test", "kubernetes:env-test-k8s"]],
      ["prod", ["aws:env-prod", "kubernetes:env-prod-k8s"]],
    ]);
    expect(output.manifest!.order).toEqual(["dev", "test", "staging", "prod"]);
    expect(output.manifest!.declaredOnly!.find((e) => e.name === "prod")!.promotion).toEqual({ soakHours: 24, approvals: 2, requiresPromotion: true });
  });

  it("an environment's stacks are byte for byte those of a whole synth", () => {
    for (const stack of ["env-staging", "env-staging-k8s"]) expect(readFileSync(join(staging, "stacks", stack, "cdk.tf.json"), "utf8")).toBe(readFileSync(join(whole, "stacks", stack, "cdk.tf.json"), "utf8"));
  });

  it("the pipelines generated from a partial synth are those of a whole one", () => {
    const partial = readSynthOutput(NODE_FS, "/", staging).manifest!;
    const full = readSynthOutput(NODE_FS, "/", whole).manifest!;
    expect(githubWorkflows(partial)).toEqual(githubWorkflows(full));
    expect(fluxResources(partial, { source: "oci://ghcr.io/acme/envkit-stacks" })).toEqual(fluxResources(full, { source: "oci://ghcr.io/acme/envkit-stacks" }));
  });

  it("names several with commas, and refuses a name the app does not declare, listing every unknown one and what it declares", () => {
    expect(readdirSync(join(synth({ ENVKIT_ONLY: " dev, prod " }), "stacks")).sort()).toEqual(["env-dev", "env-dev-k8s", "env-prod", "env-prod-k8s"]);
    expect(() => synth({ ENVKIT_ONLY: "dev,qa,stage" })).toThrow(EnvironmentSpecError);
    expect(() => synth({ ENVKIT_ONLY: "dev,qa,stage" })).toThrow(/environment "qa", field "ENVKIT_ONLY": names an environment the app does not declare; it declares dev, test, staging, prod[\s\S]*environment "stage", field "ENVKIT_ONLY"/);
  });

  describe("into an output that holds the environments it leaves out", () => {
    /** The example organization with a config value changed in every environment: what a synth picks up shows in its stacks. */
    const changed = ENVIRONMENTS.map((spec) => ({ ...spec, config: { ...spec.config, "feature-flag": "on" } }));

    it("keeps their stacks and entries as the synth that wrote them left them; the output reads as a whole synth's", () => {
      const whole2 = synth({});
      const before = Object.fromEntries(["env-dev", "env-test", "env-prod"].map((s) => [s, text(whole2, `stacks/${s}/cdk.tf.json`)]));
      synth({ ENVKIT_ONLY: "staging" }, join(whole2, ".."), changed);
      expect(readdirSync(join(whole2, "stacks")).sort()).toEqual(readdirSync(join(whole, "stacks")).sort());
      for (const [stack, was] of Object.entries(before)) expect(text(whole2, `stacks/${stack}/cdk.tf.json`)).toBe(was);
      expect(text(whole2, "stacks/env-staging/cdk.tf.json")).toContain("feature-flag");
      const manifest = readSynthOutput(NODE_FS, "/", whole2).manifest!;
      expect(manifest.environments.map((e) => e.name)).toEqual(["dev", "test", "staging", "prod"]);
      expect(manifest.declaredOnly).toBeUndefined();
      expect(manifest.order).toBeUndefined();
      expect(manifest.environments.find((e) => e.name === "staging")!.resolved.config).toMatchObject({ "feature-flag": "on" });
      expect(manifest.environments.find((e) => e.name === "prod")!.resolved.config).not.toHaveProperty("feature-flag");
      expect(Object.keys(json(whole2, "manifest.json").stacks).sort()).toEqual(Object.keys(json(whole, "manifest.json").stacks).sort());
    });

    it("with nothing changed, the output is the whole synth's", () => {
      const again = synth({ ENVKIT_ONLY: "staging" }, join(synth({}), ".."));
      expect(json(again, "envkit.manifest.json")).toEqual(json(whole, "envkit.manifest.json"));
      expect(json(again, "manifest.json")).toEqual(json(whole, "manifest.json"));
      for (const stack of readdirSync(join(whole, "stacks"))) expect(text(again, `stacks/${stack}/cdk.tf.json`)).toBe(text(whole, `stacks/${stack}/cdk.tf.json`));
    });

    it("one the output never held stays only declared; one synthesized since is carried", () => {
      const out = synth({ ENVKIT_ONLY: "dev" });
      synth({ ENVKIT_ONLY: "prod" }, join(out, ".."));
      const manifest = readSynthOutput(NODE_FS, "/", out).manifest!;
      expect(manifest.environments.map((e) => e.name)).toEqual(["dev", "prod"]);
      expect(manifest.declaredOnly!.map((e) => e.name)).toEqual(["test", "staging"]);
      expect(manifest.order).toEqual(["dev", "test", "staging", "prod"]);
      expect(readdirSync(join(out, "stacks")).sort()).toEqual(["env-dev", "env-dev-k8s", "env-prod", "env-prod-k8s"]);
    });

    it("carries nothing from an output that is not whole: its other stacks go, as with any synth", () => {
      const out = synth({});
      writeFileSync(join(out, "envkit.manifest.json"), "{ not json");
      synth({ ENVKIT_ONLY: "staging" }, join(out, ".."));
      expect(readdirSync(join(out, "stacks")).sort()).toEqual(["env-staging", "env-staging-k8s"]);
      expect(readSynthOutput(NODE_FS, "/", out).manifest!.declaredOnly!.map((e) => e.name)).toEqual(["dev", "test", "prod"]);
    });
  });
});
