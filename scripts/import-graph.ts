/**
 * The project's imports, read from its sources: which file imports which
 * (type-only imports included), how many imports run between top-level
 * folders, and the circles of files. `npm run imports` prints the folder
 * graph; `__tests__/architecture.test.ts` holds it to the folder rules.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** The folders of the package's sources, and the example app. */
export const SOURCE_DIRS: readonly string[] = ["lib", "policies", "stacks", "controller", "api"];

/** Every TypeScript source file of `root`'s source folders and main.ts, as repository paths. */
export function sourceFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") ? [path] : [];
    });
  return [...SOURCE_DIRS.filter((d) => existsSync(join(root, d))).flatMap((d) => walk(join(root, d))), join(root, "main.ts")].map((f) => relative(root, f));
}

/** Every import of a file, with the repository file it names when it is one of `files`. */
export function importsOf(root: string, file: string, files: readonly string[]): { specifier: string; resolved?: string }[] {
  const text = readFileSync(join(root, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
  return specifiers.map((specifier) => {
    if (!specifier.startsWith(".")) return { specifier };
    const target = relative(root, resolve(root, dirname(file), specifier));
    return { specifier, resolved: [target, `${target}.ts`, join(target, "index.ts")].find((c) => files.includes(c)) };
  });
}

/** File → the files it imports. */
export function importEdges(root: string): Map<string, string[]> {
  const files = sourceFiles(root);
  return new Map(files.map((f) => [f, importsOf(root, f, files).flatMap((i) => (i.resolved ? [i.resolved] : []))] as const));
}

/** The circles of files: strongly connected groups of more than one file, or a file importing itself. */
export function circles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
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

/** Imports between top-level folders (`lib/core` apart from the rest of `lib`), as "from -> to" → count. */
export function folderCounts(edges: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const folder = (file: string) => (file.startsWith("lib/core/") ? "lib/core" : file.includes("/") ? file.slice(0, file.indexOf("/")) : file);
  const counts = new Map<string, number>();
  for (const [file, targets] of edges) {
    for (const target of targets) {
      const [a, b] = [folder(file), folder(target)];
      if (a !== b) counts.set(`${a} -> ${b}`, (counts.get(`${a} -> ${b}`) ?? 0) + 1);
    }
  }
  return new Map([...counts].sort(([x], [y]) => (x < y ? -1 : 1)));
}

if (require.main === module) {
  const edges = importEdges(resolve(__dirname, ".."));
  for (const [pair, count] of folderCounts(edges)) console.log(`${String(count).padStart(4)}  ${pair}`);
  const found = circles(edges);
  console.log(found.length === 0 ? "no circle of files" : found.map((c) => `circle: ${c.join(" -> ")}`).join("\n"));
}
