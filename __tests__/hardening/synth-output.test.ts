import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { createEnvironmentApp, synthesizeAll, SynthValidationError } from "../../lib/app";
import { ORG, specFor, synthError } from "../helpers/fixtures";

/** Every file below `dir`, with its content: a whole output directory, to compare before and after. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub))) {
      const path = join(sub, entry);
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else out[path] = readFileSync(join(dir, path), "utf8");
    }
  };
  walk("");
  return out;
}

const NOW = () => new Date("2026-11-26T12:00:00Z");
const app = (outdir: string, names: ("dev" | "test" | "staging" | "prod")[]) => createEnvironmentApp(ORG, names.map((n) => specFor(n)), { app: { outdir }, policy: { clock: NOW } });

describe("a synth is all or nothing", () => {
  it("leaves the previous cdktf.out exactly as it was when a later synth fails", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "envkit-out-")), "cdktf.out");
    synthesizeAll(app(outdir, ["dev", "prod"]).app);
    const before = tree(outdir);
    const next = app(outdir, ["dev", "prod"]);
    new S3Bucket(next.stacks[1], "raw", { bucket: "acme-raw" });
    expect(synthError(next.app)).toBeInstanceOf(SynthValidationError);
    expect(tree(outdir)).toEqual(before);
    expect(readdirSync(join(outdir, ".."))).toEqual(["cdktf.out"]);
  });

  it("writes no output, not even an empty stacks/ folder, when the first synth fails", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "envkit-out-")), "cdktf.out");
    const first = app(outdir, ["prod"]);
    new S3Bucket(first.stacks[0], "raw", { bucket: "acme-raw" });
    expect(() => synthesizeAll(first.app)).toThrow(SynthValidationError);
    expect(existsSync(outdir)).toBe(false);
  });

  it("leaves the previous output as it was when writing fails part way (an exception inside a stack's synthesis)", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "envkit-out-")), "cdktf.out");
    synthesizeAll(app(outdir, ["dev", "test"]).app);
    const before = tree(outdir);
    const next = app(outdir, ["dev", "test"]);
    next.stacks[1].toTerraform = () => {
      throw new Error("disk full");
    };
    expect(() => synthesizeAll(next.app)).toThrow("disk full");
    expect(tree(outdir)).toEqual(before);
  });

  it("removes the stack of an environment that left the spec, and keeps the Terraform state files it held outside stacks/", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "envkit-out-")), "cdktf.out");
    synthesizeAll(app(outdir, ["dev", "test"]).app);
    writeFileSync(join(outdir, "stacks", "env-test", "terraform.env-test.tfstate"), "{}");
    const outcome = synthesizeAll(app(outdir, ["dev"]).app);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["env-dev"]);
    const kept = join(outdir, "removed-stacks", "env-test", "terraform.env-test.tfstate");
    expect(readFileSync(kept, "utf8")).toBe("{}");
    expect(outcome).toEqual({ removedStacks: ["env-test"], keptStateFiles: [kept] });
    expect(Object.keys(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks)).toEqual(["env-dev"]);
  });

  it("under the cdktf CLI, leaves a removed stack's directory empty for the CLI to prune (it fails on one that is gone)", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "envkit-out-")), "cdktf.out");
    synthesizeAll(app(outdir, ["dev", "test"]).app);
    const saved = { CDKTF_OUTDIR: process.env.CDKTF_OUTDIR, CDKTF_CONTEXT_JSON: process.env.CDKTF_CONTEXT_JSON };
    Object.assign(process.env, { CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: "{}" });
    try {
      expect(synthesizeAll(app(outdir, ["dev"]).app).removedStacks).toEqual(["env-test"]);
    } finally {
      for (const [key, value] of Object.entries(saved)) value === undefined ? delete process.env[key] : (process.env[key] = value);
    }
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["env-dev", "env-test"]);
    expect(readdirSync(join(outdir, "stacks", "env-test"))).toEqual([]);
  });

  it("keeps what Terraform put into a stack directory (.terraform, the lock file) across synths", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "envkit-out-")), "cdktf.out");
    synthesizeAll(app(outdir, ["dev"]).app);
    writeFileSync(join(outdir, "stacks", "env-dev", ".terraform.lock.hcl"), "# lock");
    synthesizeAll(app(outdir, ["dev"]).app);
    expect(readFileSync(join(outdir, "stacks", "env-dev", ".terraform.lock.hcl"), "utf8")).toBe("# lock");
  });
});
