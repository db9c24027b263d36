import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The package's name. */
export const PACKAGE_NAME = "cdktf-envkit";

let cached: string | undefined;

/** The library's version, from its own package.json (found from this file, in the sources or in `dist/`). */
export function libraryVersion(): string {
  if (cached) return cached;
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === PACKAGE_NAME && typeof pkg.version === "string") return (cached = pkg.version);
  }
  return (cached = "0.0.0");
}
