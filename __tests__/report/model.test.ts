/**
 * envctl report over a project of the example organization: what the site
 * and the Markdown overview say of each environment, where each figure comes
 * from, and every bad input refused at once with nothing written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXIT } from "../../lib/core/errors";
import type { EstateReport } from "../../controller/report/model";
import { envctl, HOSTILE, reportProject } from "./estate";

describe("envctl report", () => {
  const project = reportProject();
  let report: EstateReport;
  beforeAll(async () => {
    const result = await envctl(project.dir, ["report", "--format", "json", "--status", "status.json", "--drift", "drift.json"]);
    expect(result).toMatchObject({ code: EXIT.ok, stderr: "" });
    report = JSON.parse(result.stdout);
  });
  const env = (name: string) => report.environments.find((e) => e.name === name)!;

  it("lists every environment of the app in its order, then the previews known only from their records", () => {
    expect(report.environments.map((e) => [e.name, e.tier, e.knownFrom])).toEqual([
      ["dev", "dev", "synth"],
      ["test", "test", "synth"],
      ["staging", "staging", "synth"],
      ["prod", "prod", "synth"],
      ["pr-3", "preview", "record"],
      ["pr-7", "preview", "record"],
    ]);
  });

  it("gives each synthesized environment its findings by severity, its cost against its budget, and its resources", () => {
    for (const name of ["dev", "test", "staging", "prod"]) {
      const e = env(name);
      expect(e.cost!.monthlyUsd).toBeGreaterThan(0);
      expect(e.cost!.budgetUsd).toBeGreaterThan(0);
      expect(e.resourceTypes.find((r) => r.type === "aws_vpc")).toEqual({ type: "aws_vpc", count: 1 });
      const counted = e.findings.filter((f) => !f.waived).length;
      expect(e.findingCounts.error + e.findingCounts.warning + e.findingCounts.info).toBe(counted);
    }
    expect(env("prod").cost!.monthlyUsd).toBeGreaterThan(env("dev").cost!.monthlyUsd);
    expect(env("pr-7")).toMatchObject({ cost: null, findings: [], knownFrom: "record", resourceTypes: [] });
  });

  it("takes time left from the records: an expired preview is marked", () => {
    expect(env("pr-3")).toMatchObject({ expired: true, expiresAt: "2026-12-03T12:00:00Z", hoursLeft: -72 });
    expect(env("pr-7")).toMatchObject({ expired: false, hoursLeft: 24, owner: HOSTILE.owner });
    expect(env("prod")).toMatchObject({ lifecycle: "persistent", hoursLeft: null });
  });

  it("takes the last deploy, the release state and the history from the ledgers", () => {
    expect(env("dev").lastDeploy).toEqual({ at: "2026-12-05T09:00:00Z", by: HOSTILE.deployer, release: "rel-aaaaaaaaaaaa", commit: "0123456789abcdef0123", dirty: false });
    expect(env("test").lastDeploy).toBeNull();
    expect(env("prod").history.map((h) => h.kind)).toEqual(["deployed", "break glass", "promoted"]);
    expect(env("prod").history[2]).toMatchObject({ by: "dave", detail: "from staging; approved by carol, erin" });
    expect(env("staging").history.map((h) => [h.kind, h.by])).toEqual([
      ["approved", "carol"],
      ["deployed", "ci-bot"],
    ]);
    expect(env("prod").release).toMatchObject({ requiresPromotion: true, approvalsNeeded: 2 });
  });

  it("takes health and drift from the saved results, and says where they came from", () => {
    expect(report.healthSource).toBe("from status.json");
    expect(report.driftSource).toBe("from drift.json");
    expect(env("dev").health).toEqual({ healthy: true, failed: [], checks: 1 });
    expect(env("staging").health).toMatchObject({ healthy: false, checks: 2, failed: [{ component: "bucket", detail: HOSTILE.detail }] });
    expect(env("test").health).toBeNull();
    expect(env("staging").drift).toEqual({ drifted: true, resources: [`${HOSTILE.address} (tags.owner)`], pending: 1, notDeployed: false });
    expect(env("prod").drift).toMatchObject({ drifted: false, error: "terraform plan failed: AccessDenied" });
  });

  it("shows config with secrets as references, never values, and the services of each namespace", () => {
    const config = env("prod").config;
    expect(config.length).toBeGreaterThan(0);
    for (const c of config.filter((c) => c.masked)) expect(c.value).toMatch(/^\(secret: |^\(masked/);
    expect(config.filter((c) => !c.masked && /secret|password|token/i.test(c.key))).toEqual([]);
    expect(env("prod").services.map((s) => s.name)).toEqual(["api", "jobs"]);
    expect(env("prod").namespace).toBeTruthy();
  });

  it("sets staging and prod side by side: each page holds its difference from the other", () => {
    expect(env("staging").parity!.partner).toBe("prod");
    expect(env("prod").parity!.partner).toBe("staging");
    expect(env("prod").parity!.differences.some((d) => d.section === "sizing")).toBe(true);
    expect(env("dev").parity).toBeNull();
  });

  it("counts findings per category over the estate", () => {
    const total = report.findingsByCategory.reduce((n, c) => n + c.error + c.warning + c.info, 0);
    const each = report.environments.reduce((n, e) => n + e.findingCounts.error + e.findingCounts.warning + e.findingCounts.info, 0);
    expect(total).toBe(each);
  });

  it("--format markdown: one line per environment, the same figures, hostile text unable to break the table", async () => {
    const { code, stdout } = await envctl(project.dir, ["report", "--format", "markdown", "--status", "status.json", "--drift", "drift.json"]);
    expect(code).toBe(EXIT.ok);
    const lines = stdout.split("\n").filter((l) => l.startsWith("| "));
    expect(lines).toHaveLength(2 + report.environments.length);
    for (const line of lines) expect(line.match(/(?<!\\)\|/g)).toHaveLength(11);
    expect(stdout).toContain("| staging | staging | platform-team | never expires |");
    expect(stdout).toMatch(/\| staging \|.*\| UNHEALTHY \(1 failed\) \| DRIFTED \(1\) \|/);
    expect(stdout).toMatch(/\| pr-3 \| preview \| alice \| EXPIRED 3d ago \|/);
    expect(stdout).toContain("&lt;script&gt;window.\\_\\_pwned");
    expect(stdout).not.toMatch(/<script|<img/);
    expect(stdout).toContain(`${report.environments.find((e) => e.name === "prod")!.cost!.monthlyUsd.toLocaleString("en-US", { style: "currency", currency: "USD" })} / $`);
  });

  it("reports only the environments it names (a preview's pull request comment), and rejects one the estate does not have", async () => {
    const { code, stdout } = await envctl(project.dir, ["report", "pr-7", "staging", "--format", "markdown"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout.split("\n").filter((l) => /^\| [a-z]/.test(l) && !l.startsWith("| Environment")).map((l) => l.split(" | ")[0].slice(2))).toEqual(["staging", "pr-7"]);
    const unknown = await envctl(project.dir, ["report", "qa", "--format", "markdown"]);
    expect(unknown).toMatchObject({ code: EXIT.badInput, stdout: "", stderr: expect.stringContaining("unknown environment qa. Environments: dev, test, staging, prod, pr-3, pr-7.") });
  });

  it("--html writes the site whole: an overview, a page per environment, and replaces its own earlier site", async () => {
    const result = await envctl(project.dir, ["report", "--html", "site"]);
    expect(result).toMatchObject({ code: EXIT.ok, stdout: "" });
    expect(result.stderr).toContain("a page for each of 6 environment(s)");
    expect(readdirSync(join(project.dir, "site", "environments")).sort()).toEqual(["dev.html", "pr-3.html", "pr-7.html", "prod.html", "staging.html", "test.html"]);
    writeFileSync(join(project.dir, "site", "environments", "gone.html"), "old");
    expect((await envctl(project.dir, ["report", "--html", "site"])).code).toBe(EXIT.ok);
    expect(existsSync(join(project.dir, "site", "environments", "gone.html"))).toBe(false);
    expect(readdirSync(project.dir).filter((f) => f.includes("staging"))).toEqual([]);
  });

  it("rejects a folder it did not write unless --force, and writes nothing", async () => {
    mkdirSync(join(project.dir, "docs"));
    writeFileSync(join(project.dir, "docs", "notes.md"), "mine");
    const refused = await envctl(project.dir, ["report", "--html", "docs"]);
    expect(refused).toMatchObject({ code: EXIT.badInput, stderr: expect.stringMatching(/--html docs: it holds files envctl report did not write \(notes\.md\); name a new or empty folder, or pass --force/) });
    expect(readFileSync(join(project.dir, "docs", "notes.md"), "utf8")).toBe("mine");
    expect((await envctl(project.dir, ["report", "--html", "docs", "--force"])).code).toBe(EXIT.ok);
    expect(existsSync(join(project.dir, "docs", "index.html"))).toBe(true);
  });

  it("rejects bad input with every problem at once, exit 2, nothing written", async () => {
    writeFileSync(join(project.dir, "bad-status.json"), JSON.stringify({ environments: [{ name: "dev", healthy: "yes", checks: [] }] }));
    const result = await envctl(project.dir, ["report", "--html", "out", "--format", "pdf", "--status", "bad-status.json", "--drift", "missing.json", "--now", "yesterday"]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.stderr).toMatch(/4 problems, nothing written/);
    expect(result.stderr).toContain('--format "pdf" is not a report format. Allowed: markdown, json');
    expect(result.stderr).toMatch(/--status bad-status\.json is not a result of envctl status --format json:\n {6}- environments\.0\.healthy: /);
    expect(result.stderr).toMatch(/--drift missing\.json/);
    expect(result.stderr).toMatch(/--now/);
    expect(existsSync(join(project.dir, "out"))).toBe(false);
    expect((await envctl(project.dir, ["report"])).stderr).toContain("say what to make: --html <dir> writes the site, --format markdown (or json) prints the overview");
    expect((await envctl(project.dir, ["report", "--format", "json", "--live", "--status", "status.json"])).stderr).toContain("--live reads health and drift itself: it excludes --status and --drift");
  });
});
