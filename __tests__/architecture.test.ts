import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The layers of the library, bottom to top. A file may import files of its
 * own layer group and of lower layers only, so dependencies run one way:
 * the core knows nothing above it; policies know only the core (they never
 * import cdktf); constructs and stacks sit above; the app, the CLI and the
 * cdktf policy adapter are on top.
 */
const LAYERS: readonly { readonly name: string; readonly rank: number; readonly match: RegExp }[] = [
  { name: "core", rank: 0, match: /^lib\/core\// },
  { name: "policies", rank: 1, match: /^policies\// },
  { name: "environments", rank: 2, match: /^lib\/environments\// },
  { name: "terraform", rank: 2, match: /^lib\/terraform\// },
  { name: "manifest", rank: 3, match: /^lib\/manifest\// },
  { name: "constructs", rank: 3, match: /^lib\/constructs\// },
  { name: "stacks", rank: 4, match: /^stacks\// },
  { name: "checks", rank: 4, match: /^lib\/checks\// },
  { name: "status", rank: 4, match: /^lib\/status\// },
  { name: "emulator", rank: 4, match: /^lib\/emulator\// },
  { name: "scaffold", rank: 4, match: /^lib\/scaffold\// },
  { name: "lifecycle", rank: 4, match: /^lib\/lifecycle\// },
  { name: "cost", rank: 4, match: /^lib\/cost\// },
  { name: "compare", rank: 5, match: /^lib\/compare\// },
  { name: "synth", rank: 5, match: /^lib\/synth\// },
  { name: "app", rank: 6, match: /^lib\/app\// },
  { name: "cli", rank: 7, match: /^lib\/cli\// },
  { name: "entry", rank: 8, match: /^(lib\/index\.ts|lib\/kubernetes\.ts|main\.ts)$/ },
];

const ROOT = resolve(__dirname, "..");
const SOURCE_DIRS = ["lib", "policies", "stacks"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function layerOf(file: string) {
  const layer = LAYERS.find((l) => l.match.test(file));
  if (!layer) throw new Error(`${file} belongs to no layer; add it to LAYERS in __tests__/architecture.test.ts`);
  return layer;
}

/** Relative imports of a file, as repository paths. */
function importsOf(file: string): { target: string; specifier: string }[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
  return specifiers.map((specifier) => ({ specifier, target: specifier.startsWith(".") ? relative(ROOT, resolve(ROOT, dirname(file), specifier)) : specifier }));
}

const FILES = [...SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d))), join(ROOT, "main.ts")].map((f) => relative(ROOT, f));

describe("architecture: layers", () => {
  it("puts every source file in a layer", () => {
    for (const file of FILES) expect(() => layerOf(file)).not.toThrow();
  });

  it("lets dependencies run one way only: down, or within a layer", () => {
    const violations: string[] = [];
    for (const file of FILES) {
      const from = layerOf(file);
      for (const { target, specifier } of importsOf(file)) {
        if (!specifier.startsWith(".")) continue;
        const candidates = [target, `${target}.ts`, join(target, "index.ts")];
        const resolved = candidates.find((c) => FILES.includes(c));
        if (!resolved) continue;
        const to = layerOf(resolved);
        if (to.name !== from.name && to.rank >= from.rank) violations.push(`${file} (${from.name}) imports ${resolved} (${to.name})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps cdktf and the AWS provider out of the policy layer, so rules run on plain Terraform", () => {
    const offending = FILES.filter((f) => layerOf(f).name === "policies").filter((f) => importsOf(f).some(({ specifier }) => /^(cdktf|constructs|@cdktf\/)/.test(specifier)));
    expect(offending).toEqual([]);
  });

  it("imports cdktf internals (cdktf/lib/...) from one module only", () => {
    const offending = FILES.filter((f) => importsOf(f).some(({ specifier }) => specifier.startsWith("cdktf/lib/")));
    expect(offending).toEqual(["lib/app/cdktf-internals.ts"]);
  });

  it("imports provider classes from their own modules, never from a provider package's root", () => {
    const offending = FILES.filter((f) => importsOf(f).some(({ specifier }) => /^@cdktf\/provider-[a-z]+$/.test(specifier)));
    expect(offending).toEqual([]);
  });
});
