import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { circles, folderCounts, importEdges, importsOf as importsIn, sourceFiles } from "../scripts/import-graph";

const importsOf = (file: string) => importsIn(ROOT, file, FILES);

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
const FILES = sourceFiles(ROOT);
const EDGES = importEdges(ROOT);

function folderOf(file: string): string {
  const found = FOLDERS.find((f) => f.match.test(file));
  if (!found) throw new Error(`${file} belongs to no folder of the table in __tests__/architecture.test.ts`);
  return found.folder;
}

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

  it("counts imports between folders one way only (npm run imports prints them)", () => {
    const pairs = [...folderCounts(EDGES).keys()].map((p) => p.split(" -> "));
    for (const [from, to] of pairs) expect(pairs.some(([a, b]) => a === to && b === from)).toBe(false);
    expect(pairs.length).toBeGreaterThan(5);
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
