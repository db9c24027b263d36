/**
 * Writing the site all at once: every page goes into a new folder beside the
 * target, which then takes the target's place, so a reader (or a CI artifact
 * upload) never sees half a site. A folder envctl did not write is never
 * replaced without --force.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { EnvkitInputError } from "../../lib/core/errors";
import type { EstateReport } from "./model";
import { environmentPage } from "./html/environment";
import { environmentFile, overviewPage } from "./html/overview";

/** The file that marks a folder as a site of envctl report. */
export const SITE_MARK = ".envctl-report";

/** The site's files: the overview, a page per environment, and the mark. */
export function siteFiles(report: EstateReport): { readonly path: string; readonly text: string }[] {
  return [
    { path: "index.html", text: overviewPage(report) },
    ...report.environments.map((e) => ({ path: environmentFile(e.name), text: environmentPage(e, report) })),
    { path: SITE_MARK, text: `Written by envctl report at ${report.generatedAt}; envctl report replaces this folder whole.\n` },
  ];
}

/**
 * Replaces `dir` with the site. Refuses, before writing anything, a path that
 * is a file or a link, or a folder with files that is not a site of envctl
 * report (unless `force`).
 */
export function writeSite(dir: string, files: readonly { readonly path: string; readonly text: string }[], options: { readonly force: boolean; readonly shown?: string }): string {
  const target = resolve(dir);
  const shown = options.shown ?? dir;
  if (existsSync(target)) {
    const stat = lstatSync(target);
    if (!stat.isDirectory() || stat.isSymbolicLink()) throw new EnvkitInputError(`--html ${shown}: ${target} is ${stat.isSymbolicLink() ? "a symbolic link" : "a file"}, not a folder; name a folder for the site.`);
    const entries = readdirSync(target);
    if (entries.length > 0 && !entries.includes(SITE_MARK) && !options.force) {
      throw new EnvkitInputError(`--html ${shown}: it holds files envctl report did not write (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}); name a new or empty folder, or pass --force to replace it.`);
    }
  }
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.staging-`));
  // A site is for reading: served, or uploaded as an artifact (mkdtemp makes the folder private).
  chmodSync(staging, 0o755);
  try {
    for (const file of files) {
      mkdirSync(dirname(join(staging, file.path)), { recursive: true });
      writeFileSync(join(staging, file.path), file.text);
    }
    const old = existsSync(target) ? `${staging}.old` : undefined;
    if (old) renameSync(target, old);
    renameSync(staging, target);
    if (old) rmSync(old, { recursive: true, force: true });
    return target;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
