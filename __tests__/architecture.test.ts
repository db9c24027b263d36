import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The house, bottom to top. Each folder may import itself and the folders it
 * names, nothing else: dependencies run one way, and the folders alone show
 * who may import whom. Each folder's README says the same (tested below).
 *
 * | folder        | holds                                                                                        | may import                               |
 * | ------------- | -------------------------------------------------------------------------------------------- | ---------------------------------------- |
 * | lib/core      | the vocabulary: tiers, tags, time, errors, credentials, files                                | -                                        |
 * | lib/...       | environment specs and their resolution, lifecycle records and previews, the constructs      | lib                                      |
 * | policies      | rules over Terraform JSON, their packs, reports and cost estimates                          | lib/core                                 |
 * | stacks        | per-environment stacks, the app that composes them, its manifest, the cdktf policy adapter | lib, policies                            |
 * | controller    | lifecycle, status, drift, diff, cost reports, Terraform, the manifest reader, envctl        | lib, policies, stacks                    |
 * | api           | the package's public entry points                                                            | lib, policies, stacks, controller        |
 * | main.ts       | the example organization                                                                     | api                                      |
 */
const FOLDERS: readonly { readonly folder: string; readonly match: RegExp; readonly mayImport: readonly string[] }[] = [
  { folder: "lib/core", match: /^lib\/core\//, mayImport: [] },
  { folder: "lib", match: /^lib\//, mayImport: ["lib/core"] },
  { folder: "policies", match: /^policies\//, mayImport: ["lib/core"] },
  { folder: "stacks", match: /^stacks\//, mayImport: ["lib", "lib/core", "policies"] },
  { folder: "controller", match: /^controller\//, mayImport: ["lib", "lib/core", "policies", "stacks"] },
  { folder: "api", match: /^api\//, mayImport: ["lib", "lib/core", "policies", "stacks", "controller"] },
  { folder: "main.ts", match: /^main\.ts$/, mayImport: ["api"] },
];

const ROOT = resolve(__dirname, "..");
const SOURCE_DIRS = ["lib", "policies", "stacks", "controller", "api"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const FILES = [...SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d))), join(ROOT, "main.ts")].map((f) => relative(ROOT, f));

function folderOf(file: string): string {
  const found = FOLDERS.find((f) => f.match.test(file));
  if (!found) throw new Error(`${file} belongs to no folder of the table in __tests__/architecture.test.ts`);
  return found.folder;
}

/** Every import of a file (type-only ones included), with the repository file it names when it is one. */
function importsOf(file: string): { specifier: string; resolved?: string }[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
  return specifiers.map((specifier) => {
    if (!specifier.startsWith(".")) return { specifier };
    const target = relative(ROOT, resolve(ROOT, dirname(file), specifier));
    return { specifier, resolved: [target, `${target}.ts`, join(target, "index.ts")].find((c) => FILES.includes(c)) };
  });
}

/** The circles of files: strongly connected groups of more than one file, or a file importing itself. */
function circles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(group.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

const EDGES = new Map(FILES.map((f) => [f, importsOf(f).flatMap((i) => (i.resolved ? [i.resolved] : []))] as const));

describe("architecture: folders that depend one way", () => {
  it("puts every source file in a folder of the table", () => {
    for (const file of FILES) expect(() => folderOf(file)).not.toThrow();
  });

  it("lets each folder import only itself and the folders the table names", () => {
    const violations: string[] = [];
    for (const [file, targets] of EDGES) {
      const from = folderOf(file);
      const allowed = new Set([from, ...(FOLDERS.find((f) => f.folder === from)?.mayImport ?? [])]);
      for (const target of targets) if (!allowed.has(folderOf(target))) violations.push(`${file} (${from}) imports ${target} (${folderOf(target)})`);
    }
    expect(violations).toEqual([]);
  });

  it("has no circle of files anywhere, type-only imports included", () => {
    expect(circles(EDGES)).toEqual([]);
  });

  it("finds a circle and a forbidden import when there is one (the checks can fail)", () => {
    expect(circles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]))).toEqual([["a", "b", "c"]]);
    expect(folderOf("policies/rules/x.ts")).toBe("policies");
    expect(FOLDERS.find((f) => f.folder === "policies")?.mayImport).not.toContain(folderOf("stacks/app/index.ts"));
  });

  it("says in each folder's README what it holds and what it may import, as the table does", () => {
    for (const { folder, mayImport } of FOLDERS.filter((f) => !f.folder.endsWith(".ts"))) {
      const readme = readFileSync(join(ROOT, folder, "README.md"), "utf8");
      const line = /^May import: (.*)$/m.exec(readme)?.[1];
      const named = line === undefined ? undefined : line === "nothing of this repository" ? [] : [...line.matchAll(/`([^`]+)\/`/g)].map((m) => m[1]);
      expect({ folder, mayImport: named }).toEqual({ folder, mayImport: mayImport.filter((m) => !(m === "lib/core" && mayImport.includes("lib"))) });
    }
  });

  it("keeps cdktf and the AWS provider out of the policies, so rules run on plain Terraform", () => {
    const offending = FILES.filter((f) => folderOf(f) === "policies").filter((f) => importsOf(f).some(({ specifier }) => /^(cdktf|constructs|@cdktf\/)/.test(specifier)));
    expect(offending).toEqual([]);
  });

  it("imports cdktf internals (cdktf/lib/...) from one module only", () => {
    const offending = FILES.filter((f) => importsOf(f).some(({ specifier }) => specifier.startsWith("cdktf/lib/")));
    expect(offending).toEqual(["stacks/app/cdktf-internals.ts"]);
  });

  it("imports provider classes from their own modules, never from a provider package's root", () => {
    const offending = FILES.filter((f) => importsOf(f).some(({ specifier }) => /^@cdktf\/provider-[a-z]+$/.test(specifier)));
    expect(offending).toEqual([]);
  });
});
