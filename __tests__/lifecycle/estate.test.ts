import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEnvironmentApp } from "../../stacks/app";
import type { CommandContext } from "../../controller/cli/io";
import { runReap } from "../../controller/cli/commands/reap";
import { runStatus } from "../../controller/cli/commands/status";
import { EXIT } from "../../lib/core/errors";
import type { AppRunner } from "../../controller/lifecycle/materialize";
import type { DestroyRunner } from "../../controller/lifecycle/reap-run";
import { ORG } from "../helpers/fixtures";
import { DECLARED, lifecycleProject, TEMPLATE } from "./helpers";

const CREATED = new Date("2026-12-01T10:00:00Z");
const SOON = new Date("2026-12-02T10:00:00Z");
const EXPIRED = new Date("2026-12-05T10:00:00Z");

/**
 * dev, prod and the preview pr-123 (created by a CI job as octocat), then a
 * plain synth, as the hourly reaper runs it: cdktf.out no longer holds the
 * preview; its record and its state do.
 */
function afterPlainSynth() {
  const project = lifecycleProject();
  project.synth(CREATED, { ENV_PREVIEW: "pr-123", GITHUB_ACTOR: "octocat" });
  project.synth(SOON);
  writeState(project.dir, "pr-123", { tier: "preview", owner: "octocat", lifecycle: "ephemeral", "expires-at": "2026-12-03T10:00:00Z" }, 12, CREATED);
  return project;
}

/** A local state of `resources` resources tagged `tags`, last written at `at`. */
function writeState(dir: string, name: string, tags: Record<string, string>, resources: number, at: Date): string {
  const path = join(dir, "terraform-state", `env-${name}.tfstate`);
  mkdirSync(join(dir, "terraform-state"), { recursive: true });
  const instances = Array.from({ length: resources }, (_, i) => ({ attributes: { id: `r${i}`, tags_all: { environment: name, ...tags }, ...(i === 0 ? { cidr_block: "10.99.0.0/16" } : {}) } }));
  writeFileSync(path, JSON.stringify({ version: 4, resources: instances.map((instance, i) => ({ mode: "managed", type: i === 0 ? "aws_vpc" : "aws_s3_bucket", name: `r${i}`, instances: [instance] })) }));
  utimesSync(path, at, at);
  return path;
}

function context(dir: string, now: Date, out: { stdout: string; stderr: string }): CommandContext {
  return { cwd: dir, now: () => now, stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), stdoutIsTty: false, env: { USER: "ops" } };
}

describe("the estate: environments known from the synth, their records and their states", () => {
  it("lists a preview that a plain synth left out, from its record, with its owner, expiry and last deploy", async () => {
    const project = afterPlainSynth();
    expect(project.manifest().environments.map((e) => e.name)).toEqual(["dev", "prod"]);
    const { code, stdout } = await project.envctl(["list", "--format", "json"], SOON);
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout).environments.find((e: { name: string }) => e.name === "pr-123")).toEqual({
      name: "pr-123",
      tier: "preview",
      stacks: ["env-pr-123"],
      owner: "octocat",
      lifecycle: "ephemeral",
      expiresAt: "2026-12-03T10:00:00Z",
      expired: false,
      backend: "local terraform-state/env-pr-123.tfstate",
      lastDeploy: "2026-12-01T10:00:00Z",
      knownFrom: "record",
      breakGlass: [],
    });
    expect((await project.envctl(["list"], SOON)).stdout).toMatch(/pr-123\s+│ preview[\s\S]*\(not in cdktf\.out: from its lifecycle record\)/);
  });

  it("records a preview's owner when it is created, the organization's owner when nobody is named", () => {
    const project = lifecycleProject();
    project.synth(CREATED, { ENV_PREVIEW: "pr-9" });
    expect(project.record("pr-9").owner).toBe(ORG.owner);
    // A later synth by someone else (the reaper's CI actor) does not change the owner.
    project.synth(SOON, { ENV_PREVIEW: "pr-9", GITHUB_ACTOR: "reaper-bot" });
    expect(project.record("pr-9").owner).toBe(ORG.owner);
    expect(project.manifest().environments.find((e) => e.name === "pr-9")?.owner).toBe(ORG.owner);
  });

  it("renews a preview that cdktf.out does not hold, from its record", async () => {
    const project = afterPlainSynth();
    const renewed = await project.envctl(["renew", "pr-123", "--for", "48h"], SOON);
    expect(renewed).toMatchObject({ code: EXIT.ok, stdout: expect.stringContaining("pr-123 now expires at 2026-12-04T10:00:00Z") });
    expect(project.record("pr-123")).toMatchObject({ owner: "octocat", expiresAt: "2026-12-04T10:00:00Z", renewedAt: "2026-12-02T10:00:00Z" });
  });

  it("says when nothing is deployed: an empty state has no last deploy", async () => {
    const project = lifecycleProject();
    project.synth(CREATED);
    writeState(project.dir, "dev", { tier: "dev", lifecycle: "persistent" }, 0, SOON);
    const dev = JSON.parse((await project.envctl(["list", "--format", "json"], SOON)).stdout).environments.find((e: { name: string }) => e.name === "dev");
    expect(dev.lastDeploy).toBeNull();
    expect((await project.envctl(["list"], SOON)).stdout).toMatch(/│ dev\s+│[^\n]*not deployed/);
  });

  it("finds an environment whose code and record are gone from its state; status reports it, reap keeps it and says why", async () => {
    const project = lifecycleProject();
    project.synth(CREATED);
    writeState(project.dir, "legacy", { tier: "test", owner: "qa-team", lifecycle: "ephemeral", "expires-at": "2026-11-01T00:00:00Z" }, 3, CREATED);
    const listed = JSON.parse((await project.envctl(["list", "--format", "json"], SOON)).stdout).environments.find((e: { name: string }) => e.name === "legacy");
    expect(listed).toMatchObject({ tier: "test", owner: "qa-team", knownFrom: "state", expired: true, lastDeploy: "2026-12-01T10:00:00Z" });
    const out = { stdout: "", stderr: "" };
    expect(await runStatus(["legacy"], { format: "json" }, context(project.dir, SOON, out))).toBe(EXIT.findings);
    expect(JSON.parse(out.stdout).environments[0]).toMatchObject({ name: "legacy", healthy: false, checks: [{ component: "spec", ok: false, detail: expect.stringContaining("known from its state alone") }] });
    const reap = await project.envctl(["reap", "--format", "json"], SOON);
    expect(JSON.parse(reap.stdout).skipped).toContainEqual({ name: "legacy", reason: expect.stringContaining("not in the app and not a preview, so envctl cannot synthesize its configuration") });
  });
});

describe("envctl reap after a plain synth: the preview is synthesized from its record, destroyed, and listed as destroyed", () => {
  it("destroys the preview's stack in its own synthesized output, marks the record destroyed (when, by whom), and lists it so", async () => {
    const project = afterPlainSynth();
    const synthesized: string[] = [];
    // The project's app, as cdktf.json runs it: ENV_PREVIEW names the preview, CDKTF_OUTDIR the output.
    const runApp: AppRunner = async (preview, outdir) => {
      synthesized.push(preview);
      createEnvironmentApp(ORG, DECLARED, { app: { outdir }, previews: TEMPLATE, lifecycleDirectory: project.lifecycleDirectory, env: { ENV_PREVIEW: preview }, clock: () => EXPIRED, policy: { clock: () => EXPIRED } }).app.synth();
    };
    const destroyed: string[] = [];
    const runner: DestroyRunner = { init: async () => undefined, run: async (cwd, args) => destroyed.push(`${args[0]} ${cwd}`) };
    const dry = { stdout: "", stderr: "" };
    expect(await runReap({ format: "json" }, context(project.dir, EXPIRED, dry), runner, runApp)).toBe(EXIT.ok);
    expect(JSON.parse(dry.stdout).expired).toEqual([{ name: "pr-123", tier: "preview", expiresAt: "2026-12-03T10:00:00Z", stacks: ["env-pr-123"], inCdktfOut: false }]);
    expect([synthesized, destroyed]).toEqual([[], []]);

    const out = { stdout: "", stderr: "" };
    expect(await runReap({ yes: true, format: "json" }, context(project.dir, EXPIRED, out), runner, runApp)).toBe(EXIT.ok);
    expect(JSON.parse(out.stdout)).toMatchObject({ destroyed: ["pr-123"], failed: [] });
    expect(synthesized).toEqual(["pr-123"]);
    expect(destroyed).toEqual([expect.stringMatching(new RegExp(`^destroy ${join(project.dir, ".envctl", "synth")}/pr-123-[0-9a-f]{8}/stacks/env-pr-123$`))]);
    // The output synthesized for the reap is removed once it is done.
    expect(readdirSync(join(project.dir, ".envctl", "synth"))).toEqual([]);
    expect(out.stderr).toContain("pr-123: synthesizing from its lifecycle record (not in cdktf.out)");
    expect(project.record("pr-123")).toMatchObject({ owner: "octocat", destroyedAt: "2026-12-05T10:00:00Z", destroyedBy: "envctl reap (ops)" });
    const log = readFileSync(join(project.lifecycleDirectory, "reap.log"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(log).toEqual([expect.objectContaining({ environment: "pr-123", outcome: "destroyed", stacks: ["env-pr-123"], by: "envctl reap (ops)" })]);

    // Terraform leaves an empty state behind; the preview is listed as destroyed, with no time left and no last deploy.
    writeState(project.dir, "pr-123", {}, 0, EXPIRED);
    const listed = JSON.parse((await project.envctl(["list", "--format", "json"], EXPIRED)).stdout);
    expect(listed.environments.map((e: { name: string }) => e.name)).toEqual(["dev", "prod"]);
    expect(listed.destroyed).toEqual([{ name: "pr-123", tier: "preview", owner: "octocat", destroyedAt: "2026-12-05T10:00:00Z", destroyedBy: "envctl reap (ops)" }]);
    expect((await project.envctl(["list"], EXPIRED)).stdout).toContain("Destroyed:\n  pr-123 (preview, owner octocat): destroyed at 2026-12-05T10:00:00Z by envctl reap (ops)");
    // The next hourly run has nothing to do, and says why a destroyed environment is unknown.
    const again = { stdout: "", stderr: "" };
    await runReap({ yes: true, format: "json" }, context(project.dir, EXPIRED, again), runner, runApp);
    expect(JSON.parse(again.stdout).expired).toEqual([]);
    expect(await project.envctl(["drift", "pr-123"], EXPIRED)).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("pr-123 was destroyed: envctl list shows when and by whom") });
  });

  it("a preview created again under the same name is live again, with a new record", async () => {
    const project = afterPlainSynth();
    const runner: DestroyRunner = { init: async () => undefined, run: async () => undefined };
    const runApp: AppRunner = async (preview, outdir) => void createEnvironmentApp(ORG, DECLARED, { app: { outdir }, previews: TEMPLATE, lifecycleDirectory: project.lifecycleDirectory, env: { ENV_PREVIEW: preview }, policy: { clock: () => EXPIRED } }).app.synth();
    await runReap({ yes: true }, context(project.dir, EXPIRED, { stdout: "", stderr: "" }), runner, runApp);
    project.synth(EXPIRED, { ENV_PREVIEW: "pr-123", GITHUB_ACTOR: "hubot" });
    expect(project.record("pr-123")).toMatchObject({ owner: "hubot", createdAt: "2026-12-05T10:00:00Z" });
    expect(project.record("pr-123").destroyedAt).toBeUndefined();
  });
});
