import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEnvironmentApp } from "../../stacks/app";
import { ORG, specFor } from "../helpers/fixtures";

/** Synthesizes dev into `outdir` (relative to a project root of its own) and returns the local state path of env-dev. */
function statePathIn(outdir: string, directory?: string): string {
  const root = mkdtempSync(join(tmpdir(), "envkit-project-"));
  const cwd = process.cwd();
  process.chdir(root);
  mkdirSync(join(outdir, ".."), { recursive: true });
  try {
    const { app } = createEnvironmentApp(ORG, [specFor("dev", directory ? { backend: { type: "local", directory } } : {})], { app: { outdir }, env: {} });
    app.synth();
    return JSON.parse(readFileSync(join(root, outdir, "stacks", "env-dev", "cdk.tf.json"), "utf8")).terraform.backend.local.path;
  } finally {
    process.chdir(cwd);
  }
}

describe("the local backend: a path from the stack's directory to the project's state", () => {
  it("finds terraform-state/ of the project root from cdktf.out", () => {
    expect(statePathIn("cdktf.out")).toBe("../../../terraform-state/env-dev.tfstate");
  });

  it("finds the same state from an output directory deeper in the project (cdktf synth --output build/cdktf.out)", () => {
    expect(statePathIn("build/cdktf.out")).toBe("../../../../terraform-state/env-dev.tfstate");
  });

  it("keeps a state directory of the spec's own, relative to the project root", () => {
    expect(statePathIn(join(".envctl", "synth", "pr-1"), "state/local")).toBe("../../../../../state/local/env-dev.tfstate");
  });
});
