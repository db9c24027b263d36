import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { CommandContext } from "../../../controller/cli/io";
import { main } from "../../../controller/cli/main";

const ROOT = resolve(__dirname, "../../..");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

async function init(args: readonly string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const context: CommandContext = { cwd, now: () => new Date(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdoutIsTty: false, env: {} };
  return { code: await main(["init", ...args], context), stdout, stderr };
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

describe("envctl init", () => {
  it("writes an app repository: the library, pinned tools, cdktf.json, tsconfig.json, .gitignore and main.ts", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "envkit-init-"));
    const { code, stdout } = await init(["shop-infra"], cwd);
    expect(code).toBe(0);
    expect(stdout).toContain("Created package.json, cdktf.json, tsconfig.json, .gitignore, main.ts in shop-infra.");
    expect(stdout).toContain("cd shop-infra && npm install");
    const app = join(cwd, "shop-infra");
    const pkg = JSON.parse(read(app, "package.json"));
    expect(pkg.dependencies).toEqual({ "@cdktf/provider-aws": PKG.devDependencies["@cdktf/provider-aws"], cdktf: PKG.devDependencies.cdktf, "cdktf-envkit": `^${PKG.version}`, constructs: PKG.devDependencies.constructs });
    // Exact versions this release is tested with: an unpinned TypeScript installs 7, which ts-node cannot run.
    expect(pkg.devDependencies).toEqual({ "@types/node": PKG.devDependencies["@types/node"], "cdktf-cli": PKG.devDependencies["cdktf-cli"], "ts-node": PKG.devDependencies["ts-node"], typescript: PKG.devDependencies.typescript });
    expect(pkg.devDependencies.typescript).toMatch(/^5\.9\.\d+$/);
    expect(JSON.parse(read(app, "cdktf.json"))).toMatchObject({ language: "typescript", app: "node -r ts-node/register/transpile-only main.ts" });
    expect(read(app, ".gitignore").split("\n")).toEqual(expect.arrayContaining(["node_modules/", "cdktf.out/", "terraform-state/", ".envctl/"]));
    expect(read(app, "main.ts")).toContain('organization: "shop-infra"');
    expect(read(app, "main.ts")).toContain("previews: { account:");
  });

  it("--cdktn writes an app on CDK Terrain: cdktn, its AWS provider 6 bindings and CLI, Node.js 22, and a main.ts on cdktf-envkit/cdktn", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "envkit-init-"));
    const { code, stdout } = await init(["shop-infra", "--cdktn"], cwd);
    expect(code).toBe(0);
    expect(stdout).toContain("npx cdktn synth");
    const app = join(cwd, "shop-infra");
    const pkg = JSON.parse(read(app, "package.json"));
    expect(pkg.dependencies).toEqual({ "@cdktn/provider-aws": "25.7.0", "cdktf-envkit": `^${PKG.version}`, cdktn: "0.24.0", constructs: "10.7.0" });
    expect(pkg.devDependencies).toEqual({ "@types/node": "22.20.7", "cdktn-cli": "0.24.0", "ts-node": PKG.devDependencies["ts-node"], typescript: PKG.devDependencies.typescript });
    expect(pkg.engines).toEqual({ node: ">=22.19.0" });
    expect(pkg.scripts).toMatchObject({ synth: "cdktn synth", check: "cdktn synth && envctl check" });
    // Nothing of cdktf: npm would install it and its bindings beside cdktn's.
    expect(JSON.stringify(pkg)).not.toMatch(/"(cdktf|cdktf-cli|@cdktf\/[a-z-]+)"/);
    expect(read(app, "main.ts")).toContain('from "cdktf-envkit/cdktn";');
    expect(read(app, "main.ts")).toContain("`npx cdktn synth`");
    // cdktn reads the same cdktf.json, and the same tsconfig.json serves.
    await init(["on-cdktf"], cwd);
    for (const file of ["cdktf.json", "tsconfig.json", ".gitignore"]) expect([file, read(app, file)]).toEqual([file, read(join(cwd, "on-cdktf"), file)]);
  });

  it("installs the library from a packed tarball or a checkout by a path relative to the app, and from a git URL as given", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "envkit-init-"));
    writeFileSync(join(cwd, "cdktf-envkit-0.1.0.tgz"), "");
    await init(["app", "--from", "./cdktf-envkit-0.1.0.tgz"], cwd);
    expect(JSON.parse(read(join(cwd, "app"), "package.json")).dependencies["cdktf-envkit"]).toBe("file:../cdktf-envkit-0.1.0.tgz");
    await init(["git-app", "--from", "github:acme/cdktf-envkit#v0.1.0"], cwd);
    expect(JSON.parse(read(join(cwd, "git-app"), "package.json")).dependencies["cdktf-envkit"]).toBe("github:acme/cdktf-envkit#v0.1.0");
    expect(await init(["other", "--from", "./missing.tgz"], cwd)).toMatchObject({ code: 2, stderr: expect.stringContaining("--from ./missing.tgz: no such file or directory") });
    expect(existsSync(join(cwd, "other"))).toBe(false);
  });

  it("refuses to overwrite, naming every file that exists, and writes nothing; --force replaces them", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "envkit-init-"));
    writeFileSync(join(cwd, "main.ts"), "// mine\n");
    writeFileSync(join(cwd, "package.json"), "{}\n");
    const refused = await init([], cwd);
    expect(refused).toMatchObject({ code: 2, stderr: "envctl init: . already has package.json, main.ts; nothing was written. Move them away, or pass --force to replace them.\n" });
    expect([read(cwd, "main.ts"), existsSync(join(cwd, "cdktf.json"))]).toEqual(["// mine\n", false]);
    expect((await init(["--force"], cwd)).code).toBe(0);
    expect(read(cwd, "main.ts")).toContain("createEnvironmentApp");
  });

  it("scaffolds a main.ts that synthesizes dev, staging, prod and a preview from ENV_PREVIEW, with no policy error", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "envkit-init-"));
    await init(["my-app"], cwd);
    const app = join(cwd, "my-app");
    // As npm lays out the installed packages: this library, and the app's own cdktf, provider, ts-node and TypeScript.
    mkdirSync(join(app, "node_modules", "@cdktf"), { recursive: true });
    symlinkSync(ROOT, join(app, "node_modules", "cdktf-envkit"));
    for (const dep of ["cdktf", "constructs", "@cdktf/provider-aws", "ts-node", "typescript", "@types"]) symlinkSync(join(ROOT, "node_modules", dep), join(app, "node_modules", dep));
    const synth = spawnSync("node", ["-r", "ts-node/register/transpile-only", "main.ts"], { cwd: app, encoding: "utf8", env: { ...process.env, ENV_PREVIEW: "pr-1", GITHUB_ACTOR: "octocat" } });
    expect({ status: synth.status, stderr: synth.status === 0 ? "" : synth.stderr }).toEqual({ status: 0, stderr: "" });
    expect(Object.keys(JSON.parse(read(app, "cdktf.out/manifest.json")).stacks).sort()).toEqual(["env-dev", "env-pr-1", "env-prod", "env-staging"]);
    expect(JSON.parse(read(app, "terraform-state/lifecycle/pr-1.json"))).toMatchObject({ tier: "preview", owner: "octocat" });
    const typecheck = spawnSync("node", [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."], { cwd: app, encoding: "utf8" });
    expect({ status: typecheck.status, out: typecheck.stdout }).toEqual({ status: 0, out: "" });
  }, 60_000);
});
