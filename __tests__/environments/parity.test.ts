import { parityFindings } from "../../lib/environments/parity";
import { resolveEnvironments } from "../../lib/environments/resolve";
import type { EnvironmentSpec, OrgDefaults } from "../../lib/environments/types";
import { ENVIRONMENTS, ORGANIZATION } from "../../main";
import { ORG, specProblems } from "../helpers/fixtures";
import { k8sSpec } from "../kubernetes/helpers";

const ORG_WITH_CONFIG: OrgDefaults = { ...ORG, config: { base: { "log-level": "info" }, tiers: { prod: { "log-level": "warn" } } } };

const problemsOf = (specs: readonly EnvironmentSpec[], org: OrgDefaults = ORG_WITH_CONFIG) => specProblems(specs, org);

const pair = (staging: Partial<EnvironmentSpec> = {}, prod: Partial<EnvironmentSpec> = {}) => [k8sSpec("staging", staging), k8sSpec("prod", prod)];

describe("parity: staging rehearses prod", () => {
  it("holds for the example organization, whose per-tier differences are the tiers' and the organization's tier config", () => {
    const resolved = resolveEnvironments(ORGANIZATION, ENVIRONMENTS);
    expect(parityFindings(resolved.find((e) => e.name === "staging")!, resolved.find((e) => e.name === "prod")!)).toEqual([]);
  });

  it("ENV-PAR-001: a service prod runs and staging does not is an error of staging", () => {
    const [api] = k8sSpec("prod").services!;
    expect(problemsOf(pair({ services: [api] }))).toEqual([
      { environment: "staging", field: "services.jobs", message: expect.stringMatching(/^\[ENV-PAR-001\] against prod: prod runs service "jobs" \(.+\), which staging does not: add it to staging's services, so that every release is rehearsed; make staging match prod, or declare/) },
    ]);
  });

  it("ENV-PAR-002: a different image is an error, and cannot be declared away", () => {
    const services = k8sSpec("prod").services!.map((s) => (s.name === "api" ? { ...s, image: "ghcr.io/acme/api:1.9.0-rc1" } : s));
    const problems = problemsOf(pair({ services, parity: { allow: [{ path: "config.log-level", reason: "unrelated" }] } }));
    expect(problems).toEqual([expect.objectContaining({ environment: "staging", field: "services.api.image", message: expect.stringContaining("[ENV-PAR-002] against prod: runs ghcr.io/acme/api:1.9.0-rc1, prod runs ") })]);
  });

  it("ENV-PAR-003: every other difference is named, all at once: a config value, a change to a tier preset, a service's own sizing", () => {
    const services = k8sSpec("prod").services!.map((s) => (s.name === "jobs" ? { ...s, overrides: { memoryMiB: 2048 } } : s));
    const problems = problemsOf(pair({ config: { "feature-x": "on" }, overrides: { sizing: { dbInstanceClass: "db.r6g.large" } } }, { config: { "feature-x": "off" }, services }));
    expect(problems.map((p) => [p.environment, p.field, p.message.slice(0, 40)])).toEqual([
      ["staging", "services.jobs.memoryMiB", "[ENV-PAR-003] against prod: is 512 in st"],
      ["staging", "config.feature-x", "[ENV-PAR-003] against prod: is \"on\" in s"],
      ["staging", "overrides.sizing.dbInstanceClass", "[ENV-PAR-003] against prod: staging chan"],
    ]);
  });

  it("accepts a difference declared with its reason, on either side", () => {
    const allow = (path: string) => ({ parity: { allow: [{ path, reason: "staging runs the load test at prod's database size" }] } });
    expect(problemsOf(pair({ overrides: { sizing: { dbInstanceClass: "db.r6g.large" } }, ...allow("overrides.sizing.dbInstanceClass") }))).toEqual([]);
    expect(problemsOf(pair({ config: { "feature-x": "on" } }, { config: { "feature-x": "off" }, ...allow("config.feature-x") }))).toEqual([]);
  });

  it("compares secrets by reference without showing them", () => {
    const problems = problemsOf(pair({ config: { token: { secret: "acme/staging/token" } } }, { config: { token: { secret: "acme/prod/token" } } }));
    expect(problems).toEqual([expect.objectContaining({ field: "config.token", message: expect.stringContaining("references a different secret in staging than in prod") })]);
    expect(JSON.stringify(problems)).not.toContain("acme/prod/token");
  });

  it("refuses a malformed allowance, naming what a path may be", () => {
    const problems = problemsOf(pair({ parity: { allow: [{ path: "everything", reason: "" }] } }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ environment: "staging", field: "parity.allow.0.path", message: "must be config.<key>, overrides.<sizing|security|lifecycle>.<field>, or services.<name>.<cpuMillicores|memoryMiB>" }),
        expect.objectContaining({ environment: "staging", field: "parity.allow.0.reason" }),
      ]),
    );
  });
});
