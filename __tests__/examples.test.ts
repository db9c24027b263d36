import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const EXAMPLE = path.join(ROOT, "examples", "app-repo");

/**
 * Lays out the example as npm would after `npm install`: the `file:` dependency
 * is a symlink to this package, and the app brings its own cdktf, constructs and provider.
 */
function installExample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "envkit-example-"));
  for (const file of fs.readdirSync(EXAMPLE)) fs.copyFileSync(path.join(EXAMPLE, file), path.join(dir, file));
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(path.join(modules, "@cdktf"), { recursive: true });
  fs.symlinkSync(ROOT, path.join(modules, "cdktf-envkit"));
  for (const dep of ["cdktf", "constructs", "@cdktf/provider-aws", "ts-node", "typescript", "@types"]) {
    fs.symlinkSync(path.join(ROOT, "node_modules", dep), path.join(modules, dep));
  }
  return dir;
}

describe("examples/app-repo: a consumer of the published package", () => {
  it("imports the built package, not its sources", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(fs.existsSync(path.join(ROOT, pkg.main))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, pkg.types))).toBe(true);
  });

  it("keeps the envctl binary executable after the build, so that npx envctl runs it", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const bin = path.join(ROOT, pkg.bin.envctl);
    expect(fs.statSync(bin).mode & 0o111).toBe(0o111);
    expect(fs.readFileSync(bin, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    expect(execFileSync(bin, ["--version"], { encoding: "utf8" }).trim()).toBe(pkg.version);
  });

  it("packs the entry point, declarations and stacks, and no tests", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    expect(files).toEqual(expect.arrayContaining(["dist/api/index.js", "dist/api/index.d.ts", "dist/stacks/environment-stack.js", "docs/rules.md", "docs/policies.md"]));
    expect(files.some((f) => f.includes("__tests__") || f.endsWith(".ts") && !f.endsWith(".d.ts"))).toBe(false);
    // Every path package.json lists exists and is packed: nothing is promised that is not shipped.
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    for (const entry of pkg.files as string[]) {
      expect([entry, fs.existsSync(path.join(ROOT, entry))]).toEqual([entry, true]);
      expect([entry, files.some((f) => f === entry || f.startsWith(`${entry}/`))]).toEqual([entry, true]);
    }
  });

  it("takes constructs as a peer dependency, and either flavour's core and providers as optional ones", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["@cdktf/provider-aws", "@cdktf/provider-kubernetes", "@cdktn/provider-aws", "cdktf", "cdktn", "constructs"]);
    // npm installs a required peer by itself: an app on cdktn must not get cdktf's 600 MB of bindings, nor an app on cdktf cdktn's.
    expect(Object.keys(pkg.peerDependenciesMeta).sort()).toEqual(["@cdktf/provider-aws", "@cdktf/provider-kubernetes", "@cdktn/provider-aws", "cdktf", "cdktn"]);
    for (const meta of Object.values(pkg.peerDependenciesMeta)) expect(meta).toEqual({ optional: true });
    for (const peer of Object.keys(pkg.peerDependencies)) expect(pkg.dependencies?.[peer]).toBeUndefined();
    // Each entry point's declarations are found by exports (node16, bundler) and by typesVersions (moduleResolution "node", as envctl init writes).
    for (const entry of ["kubernetes", "cdktn"]) expect(pkg.typesVersions["*"][entry]).toEqual([pkg.exports[`./${entry}`].types.replace(/^\.\//, "")]);
  });

  it("builds the cdktn flavour from the same code: cdktf and its AWS bindings read as cdktn's, the flavour module as its counterpart", () => {
    const bundle = fs.readFileSync(path.join(ROOT, "dist/cdktn/index.js"), "utf8");
    const required = [...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required.filter((r) => /^(cdktf|@cdktf\/provider-aws)(\/|$)/.test(r))).toEqual([]);
    expect(required).toContain("cdktn");
    expect(required).toContain("@cdktn/provider-aws/lib/provider");
    expect(bundle).toContain('core: "cdktn"');
    expect(bundle).not.toContain('core: "cdktf"');
    const declarations = fs.readFileSync(path.join(ROOT, "dist/cdktn/types/lib/constructs/network.d.ts"), "utf8");
    expect(declarations).toContain('from "@cdktn/provider-aws/lib/vpc"');
    expect(declarations).not.toContain("@cdktf/provider-aws");
  });

  it("never loads the Kubernetes provider for an AWS-only app", () => {
    const script = `require(${JSON.stringify(path.join(ROOT, "dist/api/index.js"))}); console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes("provider-kubernetes")).length));`;
    expect(execFileSync("node", ["-e", script], { encoding: "utf8" }).trim()).toBe("0");
  });

  it("declares one environment and synthesizes it", () => {
    const dir = installExample();
    const outdir = path.join(dir, "cdktf.out");
    const result = spawnSync("node", ["-r", "ts-node/register/transpile-only", "main.ts"], {
      cwd: dir,
      env: { ...process.env, CDKTF_OUTDIR: outdir, TS_NODE_PROJECT: path.join(dir, "tsconfig.json") },
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const stack = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "env-checkout-dev", "cdk.tf.json"), "utf8"));
    expect(stack.provider.aws[0]).toMatchObject({ region: "us-east-1", allowed_account_ids: ["123456789012"] });
    expect(Object.keys(stack.resource.aws_db_instance)).toHaveLength(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
