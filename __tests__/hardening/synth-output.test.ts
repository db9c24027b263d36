import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { createEnvironmentApp, synthesizeAll, SynthValidationError } from "../../stacks/app";
import { withOutputLock } from "../../stacks/app/output-dir";
import { EnvkitInputError } from "../../lib/core/errors";
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

describe("the output folder's shape: nothing followed, nothing half-written", () => {
  const scratch = () => join(mkdtempSync(join(tmpdir(), "envkit-out-")), "cdktf.out");

  it("removes a stack that is a symbolic link as a link: the files it points at are untouched", () => {
    const outdir = scratch();
    synthesizeAll(app(outdir, ["dev", "test"]).app);
    const elsewhere = mkdtempSync(join(tmpdir(), "envkit-elsewhere-"));
    writeFileSync(join(elsewhere, "notes.txt"), "mine");
    writeFileSync(join(elsewhere, "main.tf"), "# mine");
    rmSync(join(outdir, "stacks", "env-test"), { recursive: true });
    symlinkSync(elsewhere, join(outdir, "stacks", "env-test"));
    expect(synthesizeAll(app(outdir, ["dev"]).app).removedStacks).toEqual(["env-test"]);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["env-dev"]);
    expect(readdirSync(elsewhere).sort()).toEqual(["main.tf", "notes.txt"]);
  });

  it("refuses, before changing anything, a file where a stack's folder goes, naming it", () => {
    const outdir = scratch();
    synthesizeAll(app(outdir, ["dev"]).app);
    writeFileSync(join(outdir, "stacks", "env-test"), "not a folder");
    const before = tree(outdir);
    const error = synthError(app(outdir, ["dev", "test"]).app);
    expect(error).toBeInstanceOf(EnvkitInputError);
    expect(error.message).toContain(`${join(outdir, "stacks", "env-test")} is a file, where the synth writes the stack env-test: move it away`);
    expect(tree(outdir)).toEqual(before);
  });

  it("refuses a file where the output folder goes, and leaves it as it was", () => {
    const outdir = scratch();
    writeFileSync(outdir, "a file named cdktf.out");
    expect(() => app(outdir, ["dev"])).toThrow(`${outdir} is a file, not a directory: move it away`);
    expect(readFileSync(outdir, "utf8")).toBe("a file named cdktf.out");
  });

  it("writes a new preview's record with its output, or neither: a commit that fails takes the record back", () => {
    const outdir = scratch();
    const records = join(outdir, "..", "records");
    const preview = () => createEnvironmentApp(ORG, [specFor("dev")], { app: { outdir }, policy: { clock: NOW }, previews: { account: "555555555555", availabilityZones: ["eu-west-1a", "eu-west-1b"] }, lifecycleDirectory: records, env: { ENV_PREVIEW: "pr-5" }, clock: NOW });
    synthesizeAll(app(outdir, ["dev"]).app);
    rmSync(join(outdir, "manifest.json"));
    mkdirSync(join(outdir, "manifest.json"));
    expect(synthError(preview().app).message).toContain("manifest.json is a directory, where the synth writes a file");
    expect(existsSync(join(records, "pr-5.json"))).toBe(false);
    rmSync(join(outdir, "manifest.json"), { recursive: true });
    synthesizeAll(preview().app);
    expect(JSON.parse(readFileSync(join(records, "pr-5.json"), "utf8"))).toMatchObject({ environment: "pr-5", createdAt: "2026-11-26T12:00:00Z" });
  });

  it("refuses a file where the lifecycle records go, naming it, and writes no output", () => {
    const outdir = scratch();
    const records = join(outdir, "..", "records");
    writeFileSync(records, "a file");
    expect(() => createEnvironmentApp(ORG, [specFor("dev")], { app: { outdir }, previews: { account: "555555555555", availabilityZones: ["eu-west-1a", "eu-west-1b"] }, lifecycleDirectory: records, env: { ENV_PREVIEW: "pr-5" } })).toThrow(`${records} is a file, where the lifecycle records are kept`);
    expect(existsSync(outdir)).toBe(false);
  });
});

describe("one synth at a time writes an output", () => {
  it("waits for another synth's lock, then says who holds it; takes over the lock of a process that has ended", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "envkit-out-")), "cdktf.out");
    writeFileSync(`${outdir}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), since: "2026-12-06T10:00:00Z" }));
    expect(() => withOutputLock(outdir, () => "written", 200)).toThrow(`another synth (process ${process.pid} on ${hostname()}, since 2026-12-06T10:00:00Z) is writing ${outdir}; wait for it, or delete ${outdir}.lock if no synth runs`);
    const ended = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(`${outdir}.lock`, JSON.stringify({ pid: Number(ended), host: hostname(), since: "2026-12-06T10:00:00Z" }));
    expect(withOutputLock(outdir, () => "written", 200)).toBe("written");
    expect(existsSync(`${outdir}.lock`)).toBe(false);
  });
});

describe("the output is the same wherever it is built", () => {
  it("records warnings in manifest.json without the JavaScript stack (which holds the checkout's absolute paths)", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "envkit-out-")), "cdktf.out");
    // An organization without alert addresses: every stack warns that nobody hears its budget alerts.
    const { alertEmails: _none, ...org } = ORG;
    synthesizeAll(createEnvironmentApp(org, [specFor("dev")], { app: { outdir }, policy: { clock: NOW } }).app);
    const manifest = readFileSync(join(outdir, "manifest.json"), "utf8");
    expect(manifest).toContain("names no alertEmails");
    expect(manifest).not.toContain("stacktrace");
    expect(manifest).not.toContain(process.cwd());
  });
});
