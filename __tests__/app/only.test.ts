/**
 * ENVKIT_ONLY: a synth builds only the environments it names, and its
 * manifest still lists every one, so that one environment's CI job pays for
 * one environment, and what reads the manifest still sees the estate.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_FS } from "../../controller/cli/io";
import { readSynthOutput } from "../../controller/manifest/output";
import { fluxResources } from "../../controller/pipeline/flux";
import { githubWorkflows } from "../../controller/pipeline/github";
import { EnvironmentSpecError } from "../../lib/environments/errors";
import { createEnvironmentApp } from "../../stacks/app";
import { ENVIRONMENTS, ORGANIZATION, PREVIEWS } from "../../main";

function synth(env: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "envkit-only-"));
  createEnvironmentApp(ORGANIZATION, ENVIRONMENTS, { app: { outdir: join(dir, "cdktf.out") }, previews: PREVIEWS, lifecycleDirectory: join(dir, "lifecycle"), releaseDirectory: join(dir, "releases"), env }).app.synth();
  return join(dir, "cdktf.out");
}

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
});
