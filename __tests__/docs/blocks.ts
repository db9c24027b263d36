/**
 * The command blocks of the README and of docs/: every ```sh block, with what
 * the HTML comment above it says of it. `<!-- flow: <id> -->`: run by the
 * emulator suite as a step of the README's flows; `<!-- not run: <reason> -->`:
 * not run, for the reason given; no comment: run by the docs suite in a
 * project of the example organization, where it must succeed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");

/** One command block of a page. */
export interface DocBlock {
  /** The page, relative to the repository: README.md or docs/<page>.md. */
  readonly page: string;
  /** The line of its opening fence (1-based). */
  readonly line: number;
  readonly text: string;
  readonly marker: { readonly kind: "flow"; readonly id: string } | { readonly kind: "not run"; readonly reason: string } | { readonly kind: "docs" };
}

/** The pages whose command blocks are tested. */
export function pages(): string[] {
  return ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
}

/** Every ```sh block of every page, in order. */
export function docBlocks(): DocBlock[] {
  return pages().flatMap((page) => blocksOf(page, readFileSync(join(ROOT, page), "utf8")));
}

function blocksOf(page: string, markdown: string): DocBlock[] {
  const lines = markdown.split("\n");
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(`{3,})(\S*)/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith(fence[1]));
    const close = end === -1 ? lines.length : end;
    if (fence[2] === "sh") {
      const above = lines.slice(0, i).reverse().find((l) => l.trim() !== "") ?? "";
      const flow = /^<!-- flow: ([a-z-]+) -->$/.exec(above.trim());
      const notRun = /^<!-- not run: (.*) -->$/.exec(above.trim());
      const marker = flow ? { kind: "flow" as const, id: flow[1] } : notRun ? { kind: "not run" as const, reason: notRun[1].trim() } : { kind: "docs" as const };
      blocks.push({ page, line: i + 1, text: lines.slice(i + 1, close).join("\n"), marker });
    }
    i = close;
  }
  return blocks;
}

/** The block of the README's flow `id`. */
export function flowBlock(id: string): DocBlock {
  const found = docBlocks().filter((b) => b.marker.kind === "flow" && b.marker.id === id);
  if (found.length !== 1) throw new Error(`expected one block marked <!-- flow: ${id} -->, found ${found.length}`);
  return found[0];
}

/**
 * The commands of a block, as a shell reads them: one per line, a line ending
 * in a backslash continued, a here-document kept with its command; blank lines
 * and comment lines left out.
 */
export function commandsOf(text: string): string[] {
  const lines = text.split("\n");
  const commands: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === "" || lines[i].trim().startsWith("#")) continue;
    const command = [lines[i]];
    while (command[command.length - 1].endsWith("\\") && i + 1 < lines.length) command.push(lines[++i]);
    const heredoc = /<<-?\s*['"]?([A-Za-z_]+)['"]?/.exec(command.join("\n"));
    if (heredoc) while (i + 1 < lines.length && lines[i].trim() !== heredoc[1]) command.push(lines[++i]);
    commands.push(command.join("\n"));
  }
  return commands;
}
