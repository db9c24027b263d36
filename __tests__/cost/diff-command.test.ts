import { main } from "../../controller/cli/main";
import { diffEnvironments } from "../../controller/compare/environment-diff";
import { resolveEnvironments } from "../../lib/environments/resolve";
import { ORG, specFor } from "../helpers/fixtures";
import { k8sSpec, synthesize } from "../kubernetes/helpers";

const NOW = new Date("2026-12-01T00:00:00Z");

/** A project with staging, prod and a dev that overrides its tier and references a secret. */
const project = synthesize([
  k8sSpec("dev", { config: { "log-level": "debug", token: { secret: "acme/dev/token" } }, overrides: { sizing: { dbInstanceClass: "db.t4g.small" } } }),
  k8sSpec("staging", { config: { "log-level": "info", token: { secret: "acme/staging/token" } }, overrides: { sizing: { dbInstanceClass: "db.r6g.large" } }, parity: { allow: [{ path: "overrides.sizing.dbInstanceClass", reason: "load tests at prod's size" }, { path: "config.log-level", reason: "staging keeps info logs" }, { path: "config.token", reason: "each environment has its own token" }] } }),
  k8sSpec("prod", { config: { "log-level": "warn", token: { secret: "acme/prod/token" } } }),
]);

async function diff(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(["diff", ...args, "--dir", project.outdir], { cwd: project.outdir, now: () => NOW, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdoutIsTty: false, env: {} });
  return { code, stdout, stderr };
}

describe("envctl diff", () => {
  it("shows staging against prod: the tiers' presets, the declared differences with their reasons, services and cost", async () => {
    const { code, stdout } = await diff("staging", "prod", "--format", "json");
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ a: "staging", b: "prod", parity: [] });
    const row = (path: string) => result.differences.find((d: { path: string }) => d.path === path);
    expect(row("sizing.dbInstanceClass")).toBeUndefined(); // staging runs prod's class, as declared
    expect(row("sizing.dbMultiAz")).toBeUndefined();
    expect(row("lifecycle.backupRetentionDays")).toEqual({ section: "lifecycle", path: "lifecycle.backupRetentionDays", a: "7", b: "35", note: "tier preset" });
    expect(row("config.log-level")).toEqual({ section: "config", path: "config.log-level", a: "info", b: "warn", note: "allowed: staging keeps info logs" });
    expect(row("services.api.maxReplicas")).toMatchObject({ a: "4", b: "12", note: "tier sizing" });
    expect(row("cost.monthlyUsd").note).toBe("estimate (envctl cost)");
    expect(Number(row("cost.monthlyUsd").a)).toBeLessThan(Number(row("cost.monthlyUsd").b));
  });

  it("masks secrets: a different reference is shown as (secret), never its name", async () => {
    const { stdout } = await diff("dev", "prod", "--format", "json");
    expect(JSON.parse(stdout).differences.find((d: { path: string }) => d.path === "config.token")).toEqual({ section: "config", path: "config.token", a: "(secret)", b: "(secret)", note: "references different secrets; each environment sets its own value (config)" });
    expect(stdout).not.toMatch(/acme\/(dev|prod)\/token/);
  });

  it("says where each side's config value comes from: its own config, or the organization's", async () => {
    const { stdout } = await diff("dev", "prod", "--format", "json");
    const row = (path: string) => JSON.parse(stdout).differences.find((d: { path: string }) => d.path === path);
    expect(row("config.log-level")).toEqual({ section: "config", path: "config.log-level", a: "debug", b: "warn", note: "each environment sets its own value (config)" });
    expect((await diff("dev", "prod")).stdout).toMatch(/│ config\.log-level\s+│ debug\s+│ warn\s+│ each environment sets its own value/);
  });

  it("names the side that sets its own value over the organization's base, and the organization's tier config", () => {
    const org = { ...ORG, config: { base: { "log-level": "info", region: "eu" }, tiers: { prod: { "log-level": "warn" } } } };
    const [dev, test, prod] = resolveEnvironments(org, [specFor("dev", { config: { region: "eu-central" } }), specFor("test"), specFor("prod")]);
    const note = (a: typeof dev, b: typeof dev, path: string) => diffEnvironments(a, b, new Map()).differences.find((d) => d.path === path)?.note;
    expect(note(dev, test, "config.region")).toBe("dev sets its own value (config); the other has the organization's");
    expect(note(test, prod, "config.log-level")).toBe("organization's tier config");
  });

  it("says which side overrides its tier", async () => {
    const { stdout } = await diff("dev", "staging");
    expect(stdout).toMatch(/│ sizing\.dbInstanceClass\s+│ db\.t4g\.small\s+│ db\.r6g\.large\s+│ dev overrides its tier; staging overrides its tier\s+│/);
    expect(stdout).toMatch(/\d+ difference\(s\) between dev and staging\./);
  });

  it("refuses unknown environments and an environment compared with itself (exit 2)", async () => {
    expect(await diff("staging", "qa")).toMatchObject({ code: 2, stderr: "envctl diff: unknown environment qa. Environments: dev, staging, prod.\n" });
    expect(await diff("prod", "env-prod")).toMatchObject({ code: 2, stderr: expect.stringContaining("diff compares two environments; both are prod") });
  });
});
