/**
 * cdktf-envkit/cdktn, as an app repository on CDK Terrain uses it: Node 22,
 * cdktn 0.24, `@cdktn/provider-aws` 25.7 (AWS provider 6) and cdktn's CLI,
 * installed from the registry into a cached folder (see app.ts), with the
 * example organization's main.ts moved to cdktn as docs/cdktn.md says.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEnvironmentApp, synthesizeAll } from "../../api";
import { ENVIRONMENTS, ORGANIZATION, PREVIEWS } from "../../main";
import { commandsOf, docBlocks } from "../docs/blocks";
import { CDKTN_APP_PACKAGES, cdktnApp, type CdktnApp, migratedExample, REPO, SCAFFOLD } from "./app";
import { countRows, countsMarkdown, differences } from "./compare";

const PAGE = readFileSync(join(REPO, "docs", "cdktn.md"), "utf8");
const blocks = docBlocks().filter((b) => b.page === "docs/cdktn.md");
/** The ```ts block of docs/cdktn.md that imports `./organization`: the example organization's app on cdktn. */
const AWS_SIDE_MAIN = /```ts\n(import [^\n]*\nimport \{ ENVIRONMENTS[\s\S]*?)```/.exec(PAGE)?.[1];

/** The same environments' AWS side, synthesized by this repository's source on cdktf. */
function cdktfFlavour(): string {
  const outdir = mkdtempSync(join(tmpdir(), "envkit-cdktf-side-"));
  const awsSide = <T extends { kubernetes?: unknown; services?: unknown }>({ kubernetes: _k, services: _s, ...aws }: T) => aws;
  synthesizeAll(createEnvironmentApp(ORGANIZATION, ENVIRONMENTS.map(awsSide), { app: { outdir }, previews: awsSide(PREVIEWS) }).app);
  return outdir;
}

const stacksOf = (outdir: string) => readdirSync(join(outdir, "stacks")).sort();
const stackJson = (outdir: string, stack: string) => JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));

describe("cdktf-envkit/cdktn: the example organization on CDK Terrain and the AWS provider 6", () => {
  let app: CdktnApp;
  let cdktfOut: string;
  const docsRun: { command: string; code: number; stdout: string; stderr: string }[] = [];
  const out = () => join(app.dir, "cdktf.out");

  beforeAll(async () => {
    if (!AWS_SIDE_MAIN) throw new Error("docs/cdktn.md lost its main.ts of the example organization's AWS side");
    // The files envctl init --cdktn writes (its tsconfig.json's moduleResolution "node" finds the entry point's types through typesVersions),
    // its main.ts as init-main.ts, and the example organization's AWS side as main.ts.
    app = await cdktnApp({ "cdktf.json": SCAFFOLD["cdktf.json"], "tsconfig.json": SCAFFOLD["tsconfig.json"], "init-main.ts": SCAFFOLD["main.ts"], "main.ts": AWS_SIDE_MAIN, "organization.ts": migratedExample() });
    cdktfOut = cdktfFlavour();
    // The docs' commands, as written, in order: later tests read what they wrote.
    const block = blocks.find((b) => b.text.includes("npx cdktn synth") && !b.text.includes("npm "))!;
    for (const command of commandsOf(block.text)) {
      const [file, ...args] = command.split(" ");
      docsRun.push({ command, ...(await app.exec(file, args, { CI: "true", NO_COLOR: "1" })) });
    }
  }, 300_000);

  it("installs the packages docs/cdktn.md names, at the versions it names", () => {
    const install = blocks.find((b) => b.text.includes("npm install --save-exact cdktf-envkit"))!.text;
    const named = [...install.matchAll(/(@?[a-z][\w./-]*)@(\d[\w.-]*)/g)].map((m) => `${m[1]}@${m[2]}`).sort();
    const migration = blocks.find((b) => b.text.includes("npm uninstall cdktf"))!.text;
    const installed = Object.entries({ ...CDKTN_APP_PACKAGES.dependencies, ...CDKTN_APP_PACKAGES.devDependencies }).map(([name, version]) => `${name}@${version}`);
    expect(named).toEqual(installed.sort());
    for (const [name, version] of Object.entries(CDKTN_APP_PACKAGES.dependencies)) expect(migration).toContain(`${name}@${version}`);
    expect(migration).toContain(`cdktn-cli@${CDKTN_APP_PACKAGES.devDependencies["cdktn-cli"]}`);
  });

  it("type-checks against cdktn's and the AWS provider 6 bindings' declarations", async () => {
    const result = await app.exec("node", [join(app.dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"]);
    expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: "" });
  });

  it("synthesizes, checks and prices with the docs' commands, as written, on Node 22", () => {
    expect(docsRun.map((r) => r.command)).toEqual(["npx cdktn synth", "npx envctl check", "npx envctl cost"]);
    for (const { command, code, stderr } of docsRun) expect({ command, code, stderr: code === 0 ? "" : stderr }).toEqual({ command, code: 0, stderr: "" });
    const [, check, cost] = docsRun;
    expect(check.stdout).toMatch(/^PASSED: 0 errors, 0 warnings, 0 waived — \d+ resources of 4 files checked against \d+ rules\.$/m);
    // Every environment is priced, at more than nothing.
    for (const env of ENVIRONMENTS) expect(cost.stdout).toMatch(new RegExp(`\\b${env.name}\\b[^\\n]*\\$[1-9]`));
  });

  it("runs on Node 22 and cdktn: the app's own node and core", async () => {
    const probe = await app.exec("node", ["-e", 'console.log(process.version, require("cdktn/package.json").version, require("@cdktn/provider-aws/package.json").version)']);
    expect(probe.stdout.trim()).toBe(`v22.23.5 0.24.0 25.7.0`);
  });

  it("writes every AWS stack of the example organization, each requiring the AWS provider 6", () => {
    const stacks = stacksOf(out());
    expect(stacks).toEqual(ENVIRONMENTS.map((e) => `env-${e.name}`).sort());
    for (const stack of stacks) {
      const json = stackJson(out(), stack);
      expect([stack, json.terraform.required_providers.aws]).toEqual([stack, { source: "hashicorp/aws", version: "6.66.0" }]);
      expect([stack, Object.keys(json.resource).length > 30]).toEqual([stack, true]);
    }
    const cdktf = stackJson(cdktfOut, "env-prod");
    expect(cdktf.terraform.required_providers.aws).toEqual({ source: "aws", version: "5.100.0" });
  });

  it("gives the same environments as the cdktf flavour: the same resources and arguments, side by side in docs/cdktn.md; only the provider requirement differs", () => {
    const stacks = ENVIRONMENTS.map((e) => `env-${e.name}`);
    const read = (outdir: string) => new Map(stacks.map((s) => [s, stackJson(outdir, s)]));
    const [cdktf, cdktn] = [read(cdktfOut), read(out())];
    const rows = countRows(stacks, cdktf, cdktn);
    for (const row of rows) expect([row.type, row.cdktf]).toEqual([row.type, row.cdktn]);
    // Every other value of every stack is the same: no argument is lost (provider 6 bindings drop an argument they do not know without a word), none is added.
    expect(differences(stacks, cdktf, cdktn)).toEqual([
      // The core's version, which each writes in its metadata.
      { path: "//.metadata.version", cdktf: "0.21.0", cdktn: "0.24.0", stacks },
      // The same provider: Terraform reads a bare "aws" as "hashicorp/aws", which cdktn's bindings write out.
      { path: "terraform.required_providers.aws.source", cdktf: "aws", cdktn: "hashicorp/aws", stacks },
      // The version each flavour's AWS bindings were generated from.
      { path: "terraform.required_providers.aws.version", cdktf: "5.100.0", cdktn: "6.66.0", stacks },
    ]);
    const documented = /<!-- side-by-side:start[^>]*-->\n([\s\S]*?)<!-- side-by-side:end -->/.exec(PAGE)?.[1];
    expect(documented).toBe(countsMarkdown(stacks, rows));
  });

  it("synthesizes the main.ts envctl init --cdktn writes: dev, staging and prod on the AWS provider 6", async () => {
    expect(SCAFFOLD["main.ts"]).toContain('from "cdktf-envkit/cdktn"');
    const outdir = join(app.dir, "cdktf.out.init");
    const result = await app.exec("node", ["-r", "ts-node/register/transpile-only", "init-main.ts"], { CDKTF_OUTDIR: outdir });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect(stacksOf(outdir)).toEqual(["env-dev", "env-prod", "env-staging"]);
    expect(stackJson(outdir, "env-prod").terraform.required_providers.aws.version).toBe("6.66.0");
  });

  it("proves why Kubernetes is refused: @cdktf/provider-kubernetes's classes fail inside a cdktn app", async () => {
    const probe = join(app.kubernetesProbe, "probe.js");
    writeFileSync(
      probe,
      [
        'const { App, TerraformStack } = require("cdktn");',
        'const { KubernetesProvider } = require("@cdktf/provider-kubernetes/lib/provider");',
        'const { Namespace } = require("@cdktf/provider-kubernetes/lib/namespace");',
        `const app = new App({ outdir: ${JSON.stringify(join(tmpdir(), "envkit-cdktn-probe-out"))} });`,
        'const stack = new TerraformStack(app, "k8s");',
        'new KubernetesProvider(stack, "cluster", { configPath: "~/.kube/config" });',
        'new Namespace(stack, "dev", { metadata: { name: "dev" } });',
        "app.synth();",
      ].join("\n")
    );
    const result = await app.exec("node", [probe]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("TypeError: e._resetResolveDiscoveredProviderFeatureUsage is not a function");
  });

  it("refuses a spec that names a Kubernetes cluster, listing every such environment, and writes nothing", async () => {
    const result = await app.exec("node", ["-r", "ts-node/register/transpile-only", "organization.ts"], { CDKTF_OUTDIR: join(app.dir, "cdktf.out.refused") });
    expect(result.code).toBe(2);
    for (const env of ENVIRONMENTS) expect(result.stderr).toContain(`environment "${env.name}", field "kubernetes": cannot be built with cdktf-envkit/cdktn`);
    expect(result.stderr).toContain("Remove kubernetes and services from this environment");
    expect(result.stderr).not.toContain("_resetResolveDiscoveredProviderFeatureUsage is not a function");
    expect(readdirSync(app.dir)).not.toContain("cdktf.out.refused");
  });
});
