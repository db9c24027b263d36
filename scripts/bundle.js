#!/usr/bin/env node
/**
 * After tsc has emitted dist/:
 * - bundles the package's entry points (the library, its Kubernetes side and the
 *   envctl CLI) into one file each instead of some 130 modules, which takes a tenth
 *   off every synth's start-up; dependencies stay external;
 * - builds the CDK Terrain flavour, `cdktf-envkit/cdktn` (dist/cdktn/): the same
 *   compiled library, with `cdktf` and `@cdktf/provider-aws` aliased to `cdktn` and
 *   `@cdktn/provider-aws`, and lib/core/flavour to its cdktn counterpart; its
 *   declarations are the library's, with the same packages renamed;
 * - copies the emulator's launcher (Python, not compiled) beside the CLI.
 * The declarations (.d.ts) and the per-file modules tsc wrote stay as they are.
 */
const { build } = require("esbuild");
const { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require("node:fs");
const { dirname, join, relative, resolve } = require("node:path");

const root = resolve(__dirname, "..");
const common = { bundle: true, platform: "node", target: "node20", format: "cjs", packages: "external", sourcemap: true, sourcesContent: false, logLevel: "warning" };

/** The packages the cdktn flavour renames, in module specifiers of code and declarations. */
const CDKTN_PACKAGES = [
  [/^cdktf(?=$|\/)/, "cdktn"],
  [/^@cdktf\/provider-aws(?=$|\/)/, "@cdktn/provider-aws"],
];
const toCdktn = (specifier) => CDKTN_PACKAGES.reduce((s, [from, to]) => s.replace(from, to), specifier);

(async () => {
  // The cdktn flavour first, from tsc's output, before the bundles below overwrite the entry modules.
  await build({
    ...common,
    entryPoints: [resolve(root, "dist/api/index.js")],
    outfile: resolve(root, "dist/cdktn/index.js"),
    plugins: [
      {
        name: "cdktn-flavour",
        setup(build) {
          build.onResolve({ filter: /^(cdktf|@cdktf\/provider-aws)(\/|$)/ }, (args) => ({ path: toCdktn(args.path), external: true }));
          build.onResolve({ filter: /\/flavour$/ }, (args) => ({ path: resolve(args.resolveDir, `${args.path}-cdktn.js`) }));
        },
      },
    ],
  });
  writeDeclarations();
  for (const entry of ["dist/api/index.js", "dist/api/kubernetes.js", "dist/controller/cli/main.js"]) {
    await build({ ...common, entryPoints: [resolve(root, entry)], outfile: resolve(root, entry), allowOverwrite: true });
  }
  // esbuild writes a new file without the exec bit: envctl must stay runnable as `npx envctl` and from node_modules/.bin.
  chmodSync(resolve(root, "dist/controller/cli/main.js"), 0o755);
  copyFileSync(resolve(root, "controller/emulator/moto-launcher.py"), resolve(root, "dist/controller/emulator/moto-launcher.py"));
})().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});

/**
 * dist/cdktn/types/: the declarations the library's entry point reaches, with the
 * renamed packages, and dist/cdktn/index.d.ts re-exporting the entry's.
 */
function writeDeclarations() {
  const out = resolve(root, "dist/cdktn/types");
  const seen = new Set();
  const pending = [resolve(root, "dist/api/index.d.ts")];
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8").replace(/(from |import\(|require\()"([^"]+)"/g, (whole, lead, specifier) => {
      if (specifier.startsWith(".")) {
        const target = resolve(dirname(file), specifier);
        pending.push([`${target}.d.ts`, join(target, "index.d.ts")].find((candidate) => existsSync(candidate)) ?? `${target}.d.ts`);
        return whole;
      }
      return `${lead}"${toCdktn(specifier)}"`;
    });
    const target = join(out, relative(resolve(root, "dist"), file));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  writeFileSync(resolve(root, "dist/cdktn/index.d.ts"), 'export * from "./types/api/index";\n');
}
