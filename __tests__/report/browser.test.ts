/// <reference lib="dom" />
/**
 * The estate report's site in a real browser (headless Chromium): every
 * environment of the example app with its tier, cost and findings; sorting
 * and filtering; no request beyond the site's own files and no console error;
 * no serious or critical accessibility violation (axe-core); hostile names
 * and messages shown as text, never run, even with the pages' security policy
 * switched off; a layout that fits a phone; a print style. Screenshots at a
 * desktop and a phone width go to test-artifacts/report/ (not committed).
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { EXIT } from "../../lib/core/errors";
import type { EstateReport } from "../../controller/report/model";
import { launchBrowser } from "./browser";
import { envctl, HOSTILE, reportProject } from "./estate";

const ARTIFACTS = resolve(__dirname, "..", "..", "test-artifacts", "report");
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

describe("the estate report in a browser", () => {
  const project = reportProject();
  const site = join(project.dir, "site");
  const url = (file: string) => pathToFileURL(join(site, file)).href;
  let browser: Browser;
  let context: BrowserContext;
  let report: EstateReport;
  /** Every request a page made, and every console error or uncaught exception. */
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    const made = await envctl(project.dir, ["report", "--html", "site", "--status", "status.json", "--drift", "drift.json"]);
    expect(made.code).toBe(EXIT.ok);
    report = JSON.parse((await envctl(project.dir, ["report", "--format", "json", "--status", "status.json", "--drift", "drift.json"])).stdout);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: DESKTOP });
    context.on("request", (r) => requests.push(r.url()));
    context.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    context.on("weberror", (e) => errors.push(String(e.error())));
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** One page per context, reused: a new page costs a renderer process (a quarter of a second and more here). */
  const pages = new Map<BrowserContext, Page>();
  const open = async (file: string, ctx: BrowserContext = context): Promise<Page> => {
    const page = pages.get(ctx) ?? (await ctx.newPage());
    pages.set(ctx, page);
    await page.emulateMedia({ media: "screen" });
    await page.goto(url(file));
    return page;
  };
  const visibleRows = (page: Page) => page.$$eval("#estate tbody tr", (rows: HTMLTableRowElement[]) => rows.filter((r) => !(r as HTMLElement).hidden).map((r) => (r.cells[0].textContent ?? "").trim().split(/\s/)[0]));

  it("shows every environment of the example app with its tier, cost against budget and findings", async () => {
    const page = await open("index.html");
    const rows = await page.$$eval("#estate tbody tr", (trs: HTMLTableRowElement[]) => trs.map((tr) => Array.from(tr.cells).map((td) => (td as HTMLElement).innerText.replace(/\s+/g, " ").trim())));
    expect(rows.map((r) => r[0].split(" ")[0])).toEqual(report.environments.map((e) => e.name));
    for (const e of report.environments) {
      const row = rows.find((r) => r[0].split(" ")[0] === e.name)!;
      expect(row[1]).toBe(e.tier);
      if (e.cost) expect(row[8]).toContain(`$${e.cost.monthlyUsd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
      if (e.cost?.budgetUsd) expect(row[8]).toContain(`of $${e.cost.budgetUsd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
      if (e.knownFrom === "synth") expect(row[7]).toContain(`${e.findingCounts.error} error${e.findingCounts.error === 1 ? "" : "s"}`);
      else expect(row[7]).toBe("not synthesized");
    }
    expect(rows.find((r) => r[0].startsWith("pr-3"))![3]).toMatch(/^EXPIRED 3d ago/);
    expect(rows.find((r) => r[0] === "staging")!.slice(5, 7)).toEqual(["\u2716 unhealthy 1 of 2 checks failed", "\u26a0 drifted 1 resource"]);
    // The charts carry their figures as text.
    const chartText = await page.$eval("figure svg[aria-labelledby^='cost-title']", (svg) => svg.textContent ?? "");
    for (const e of report.environments.filter((x) => x.cost)) expect(chartText).toContain(e.name);
  });

  it("sorts by any column, both ways, and says which in aria-sort", async () => {
    const page = await open("index.html");
    const costs = () => page.$$eval("#estate tbody tr", (rows: HTMLTableRowElement[]) => rows.map((r) => Number(r.cells[8].getAttribute("data-sort"))));
    await page.getByRole("button", { name: "Cost against budget" }).click();
    const ascending = await costs();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(await page.getAttribute("th:nth-child(9)", "aria-sort")).toBe("ascending");
    await page.getByRole("button", { name: "Cost against budget" }).click();
    const descending = await costs();
    expect(descending).toEqual([...ascending].reverse());
    await page.getByRole("button", { name: "Environment" }).click();
    expect(await visibleRows(page)).toEqual(report.environments.map((e) => e.name).sort());
    expect(await page.getAttribute("th:nth-child(9)", "aria-sort")).toBeNull();
    await page.getByRole("button", { name: "Tier" }).click();
    const tiers = await page.$$eval("#estate tbody tr", (rows: HTMLTableRowElement[]) => rows.map((r) => r.cells[1].textContent));
    expect(tiers).toEqual(["preview", "preview", "dev", "test", "staging", "prod"]);
  });

  it("filters by text, by tier and to the environments with a problem, and says how many are shown", async () => {
    const page = await open("index.html");
    await page.getByLabel("Filter by any text").fill("STAGING");
    expect(await visibleRows(page)).toEqual(["staging"]);
    await page.getByLabel("Filter by any text").fill("");
    await page.getByLabel("Tier").selectOption("preview");
    expect(await visibleRows(page)).toEqual(["pr-3", "pr-7"]);
    expect(await page.textContent("#shown")).toBe("2 of 6 environments shown");
    await page.getByLabel("Tier").selectOption("");
    await page.getByLabel("only environments with a problem").check();
    expect(await visibleRows(page)).toEqual(["staging", "pr-3"]);
  });

  it("makes no request beyond the site's own files, and logs no error, on any page", async () => {
    requests.length = 0;
    errors.length = 0;
    for (const file of ["index.html", ...report.environments.map((e) => `environments/${e.name}.html`)]) await open(file);
    expect(requests.filter((r) => !r.startsWith(pathToFileURL(site).href))).toEqual([]);
    expect(requests).toHaveLength(1 + report.environments.length);
    expect(errors).toEqual([]);
  });

  it("has no serious or critical accessibility violation (axe-core, WCAG 2 A and AA)", async () => {
    // axe is injected by the test: the pages' policy admits only their own script.
    const audit = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
    for (const file of ["index.html", "environments/staging.html", "environments/prod.html", "environments/pr-7.html"]) {
      const page = await open(file, audit);
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run({
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      expect({ file, violations: violations.filter((v) => v.impact === "serious" || v.impact === "critical") }).toEqual({ file, violations: [] });
    }
    await audit.close();
  });

  it("shows hostile names, identities and messages as text and never runs them, even with the security policy off", async () => {
    // Escaping alone must hold: the pages' policy is switched off (the overview is checked with it on too).
    const unguarded = await browser.newContext({ bypassCSP: true });
    for (const [file, text] of [
      ["index.html", HOSTILE.owner],
      ["environments/dev.html", HOSTILE.deployer],
      ["environments/prod.html", "INC-9: it's \"urgent\" </td><script>window.__pwned='reason'</script>\ufffd\ufffd[31m"],
      ["environments/staging.html", HOSTILE.detail],
      ["environments/staging.html", HOSTILE.address],
      ["environments/pr-7.html", HOSTILE.owner],
    ] as const) {
      const page = await open(file, unguarded);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
      // The overview's one script is its own (sorting and filtering); nothing else can run.
      expect(await page.evaluate(() => document.querySelectorAll("img, [onerror], [onload]").length)).toBe(0);
      expect(await page.evaluate(() => document.scripts.length)).toBe(file === "index.html" ? 1 : 0);
      expect(await page.textContent("body")).toContain(text);
    }
    const guarded = await open("index.html");
    expect(await guarded.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    await unguarded.close();
  });

  it("fits a phone's width (the tables scroll inside their box) and takes screenshots at both widths", async () => {
    for (const [name, viewport] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      const ctx = await browser.newContext({ viewport });
      for (const file of ["index.html", "environments/prod.html"]) {
        const page = await open(file, ctx);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect({ name, file, overflow: overflow <= 1 }).toEqual({ name, file, overflow: true });
        const shot = join(ARTIFACTS, `${name}-${file.replace(/\W+/g, "-")}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        expect(statSync(shot).size).toBeGreaterThan(10_000);
      }
      await ctx.close();
    }
  });

  it("prints without its controls", async () => {
    const page = await open("index.html");
    await page.emulateMedia({ media: "print" });
    expect(await page.isVisible(".controls")).toBe(false);
    expect(await page.isVisible("#estate")).toBe(true);
  });
});
