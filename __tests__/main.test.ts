import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing, TerraformStack } from "cdktf";
import { buildApp, ENVIRONMENTS } from "../main";

const ROOT = path.resolve(__dirname, "..");
/** The example's stacks, sorted: an AWS and a Kubernetes stack per environment. */
const EXAMPLE_STACKS = ["env-dev", "env-dev-k8s", "env-prod", "env-prod-k8s", "env-staging", "env-staging-k8s", "env-test", "env-test-k8s"];
const TS_NODE = ["-r", "ts-node/register/transpile-only"];

function scratch(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file below `dir`, relative path → content. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = fs.readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return files;
}

describe("main.ts: the example organization", () => {
  const app = buildApp(scratch("envkit-main-"));
  const stacks = app.node.children.filter(TerraformStack.isStack) as TerraformStack[];

  it("declares env-dev, env-test, env-staging and env-prod, all persistent, each with its Kubernetes stack", () => {
    expect(stacks.map((s) => s.node.id)).toEqual(["env-dev", "env-dev-k8s", "env-test", "env-test-k8s", "env-staging", "env-staging-k8s", "env-prod", "env-prod-k8s"]);
    expect(ENVIRONMENTS.every((e) => e.lifecycle.kind === "persistent")).toBe(true);
  });

  it("gives each environment its own network range and account", () => {
    expect(new Set(ENVIRONMENTS.map((e) => e.cidr)).size).toBe(ENVIRONMENTS.length);
    expect(new Set(ENVIRONMENTS.map((e) => e.account)).size).toBe(ENVIRONMENTS.length);
  });

  it.each(["env-dev", "env-test", "env-staging", "env-prod", "env-dev-k8s", "env-test-k8s", "env-staging-k8s", "env-prod-k8s"])("%s matches its snapshot", (id) => {
    const stack = stacks.find((s) => s.node.id === id)!;
    expect(JSON.parse(Testing.synth(stack))).toMatchSnapshot();
  });
});

describe("synthesis is deterministic", () => {
  it("writes identical files when synthesized twice", () => {
    const first = scratch("envkit-det-a-");
    const second = scratch("envkit-det-b-");
    buildApp(first).synth();
    buildApp(second).synth();
    const a = readTree(first);
    const b = readTree(second);
    expect(Object.keys(a).length).toBeGreaterThan(4);
    expect(b).toEqual(a);
  });
});

describe("running the app", () => {
  it("synthesizes every stack and a manifest when run as a program", () => {
    const outdir = path.join(scratch("envkit-run-"), "cdktf.out");
    const result = spawnSync("node", [...TS_NODE, "main.ts"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(EXAMPLE_STACKS);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks)).toHaveLength(8);
  });

  it("rejects invalid specs with exit code 2, every problem listed, and no output written", () => {
    const outdir = path.join(scratch("envkit-bad-"), "cdktf.out");
    const result = spawnSync("node", [...TS_NODE, "__tests__/fixtures/invalid-app.ts"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('environment "prod", field "cidr": 10.10.0.0/20 overlaps 10.10.0.0/16 of environment "dev"');
    expect(result.stderr).toContain('environment "prod", field "lifecycle.kind": tier prod is always persistent');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it("through the cdktf CLI, an invalid spec exits 1 (cdktf does not pass 2 through), shows the problems, and writes nothing, as the README says", () => {
    const outdir = path.join(scratch("envkit-cli-bad-"), "out");
    const result = spawnSync("npx", ["cdktf", "synth", "--app", `node ${TS_NODE.join(" ")} __tests__/fixtures/invalid-app.ts`, "--output", outdir], {
      cwd: ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    const shown = result.stdout + result.stderr;
    expect(shown).toContain('environment "prod", field "cidr": 10.10.0.0/20 overlaps 10.10.0.0/16 of environment "dev"');
    expect(shown).toContain("non-zero exit code 2");
    expect(shown).not.toMatch(/\n\s+at [A-Za-z.]+ \(/);
    expect(fs.existsSync(outdir)).toBe(false);
  }, 120_000);

  it("synthesizes through the cdktf CLI, as the README says", () => {
    const outdir = path.join(scratch("envkit-cli-"), "out");
    const result = spawnSync("npx", ["cdktf", "synth", "--output", outdir], {
      cwd: ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" },
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(EXAMPLE_STACKS);
  }, 120_000);
});
