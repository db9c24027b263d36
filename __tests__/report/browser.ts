/**
 * Headless Chromium, from the machine's own package (Debian's `chromium`,
 * which `.ci/run` installs), driven by playwright-core: nothing is downloaded.
 * Started with background networking off, so the only requests are the page's.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Where Chromium is: CHROMIUM_PATH, else the Debian package's path. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) throw new Error(`no Chromium at ${path}: install Debian's package (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`);
  return path;
}

/** A headless browser; close it when done. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps"],
  });
}
