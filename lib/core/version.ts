import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The package's name. */
export const PACKAGE_NAME = "cdktf-envkit";

/** What the library's package.json says of itself and of the versions it is built and tested with. */
export interface LibraryPackage {
  readonly version: string;
  readonly peerDependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

let cached: LibraryPackage | undefined;

/** The library's package.json (found from this file, in the sources or in `dist/`). */
export function libraryPackage(): LibraryPackage {
  if (cached) return cached;
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string; peerDependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    if (pkg.name === PACKAGE_NAME && typeof pkg.version === "string") return (cached = { version: pkg.version, peerDependencies: pkg.peerDependencies ?? {}, devDependencies: pkg.devDependencies ?? {} });
  }
  return (cached = { version: "0.0.0", peerDependencies: {}, devDependencies: {} });
}

/** The library's version. */
export function libraryVersion(): string {
  return libraryPackage().version;
}
