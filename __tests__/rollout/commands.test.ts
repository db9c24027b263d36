/**
 * envctl up, down, promote, approve and history over a real synthesized app,
 * real ledgers and a real git checkout; Terraform and the AWS API are
 * replaced by recorders (the emulator suite runs the real ones), so that every
 * branch of the commands is reached in a second.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../../lib/core/errors";
import { addHours } from "../../lib/core/time";
import { BREAK_GLASS_VARIABLE } from "../../lib/releases/gate";
import { createEnvironmentApp } from "../../stacks/app";
import { ORG } from "../helpers/fixtures";
import { project, SPECS, T0 } from "./project";

describe("the promotion guard of a stack", () => {
  it("holds prod's stacks (and only prod's) behind a guard every resource waits for, says why in an output and a warning, and records the release in the manifest", () => {
    const p = project();
    p.synth();
    const prod = p.stackJson("env-prod");
    const [gateName, gate] = Object.entries(prod.resource.terraform_data as Record<string, any>).find(([name]) => name.startsWith("promotion_gate"))!;
    expect(gate.lifecycle.postcondition[0].condition).toBe('${self.output.release == "promoted"}');
    expect(gate.input.checked_at).toBe("${timestamp()}");
    expect(gate.lifecycle.postcondition[0].error_message).toMatch(/^env-prod: release rel-[0-9a-f]{12} is not promoted to prod .*no release has been promoted to prod yet\. Promote it once it has run healthy in staging: envctl promote staging prod/);
    const resources = Object.entries(prod.resource as Record<string, Record<string, any>>).flatMap(([type, byName]) => Object.entries(byName).map(([name, r]) => ({ address: `${type}.${name}`, r })));
    const unguarded = resources.filter(({ address, r }) => address !== `terraform_data.${gateName}` && !(r.depends_on ?? []).includes(`terraform_data.${gateName}`));
    expect(resources.length).toBeGreaterThan(40);
    expect(unguarded.map((u) => u.address)).toEqual([]);
    expect(prod.output.promotion.value).toMatch(/^NOT PROMOTED: env-prod: release rel-/);
    for (const stack of ["env-dev", "env-staging"]) expect(JSON.stringify(p.stackJson(stack))).not.toContain("promotion_gate");
    const releases = Object.fromEntries(p.manifest().environments.map((e: any) => [e.name, e.release]));
    expect(releases.prod).toMatchObject({ policy: { soakHours: 24, approvals: 2, requiresPromotion: true }, promoted: false, refusal: expect.stringContaining("not promoted") });
    expect(releases.staging).toMatchObject({ id: releases.prod.id, policy: { soakHours: 1, approvals: 0, requiresPromotion: false }, promoted: false });
    expect(releases.staging.refusal).toBeUndefined();
  });

  it("refuses prod promotion rules that lift the gate, listing both, and takes a tuned soak time", () => {
    expect(() => createEnvironmentApp({ ...ORG, promotion: { prod: { approvals: 0, requiresPromotion: false } } }, SPECS, { app: { outdir: mkdtempSync(join(tmpdir(), "envkit-rollout-")) } })).toThrow(
      /\(2 problems\)[\s\S]*"promotion\.prod\.approvals": must be at least 1[\s\S]*"promotion\.prod\.requiresPromotion": cannot be false/
    );
    const p = project({ ...ORG, promotion: { prod: { soakHours: 0 }, staging: { approvals: 1 } } });
    p.synth();
    const releases = Object.fromEntries(p.manifest().environments.map((e: any) => [e.name, e.release.policy]));
    expect(releases).toMatchObject({ prod: { soakHours: 0, approvals: 2, requiresPromotion: true }, staging: { soakHours: 1, approvals: 1 } });
  });
});

describe("envctl up, promote, approve, history and down", () => {
  it("runs the whole ladder: up, refusals that name what is missing, approvals, promotion, the gate on a change, break glass, rollback, history, down", async () => {
    const p = project();
    // Up: dev and staging side by side, each AWS stack then its (absent) Kubernetes stack; health checked; releases recorded.
    const up = await p.envctl(["up", "dev", "staging"]);
    expect(up).toMatchObject({ code: EXIT.ok, stdout: expect.stringContaining("All 2 environment(s) up.") });
    expect(up.stdout).toMatch(/│ dev\s+│ env-dev\s+│ deployed │ -\s+│ \+4 ~1 -0\s+│ rel-[0-9a-f]{12} │/);
    expect(p.terraform.sort()).toEqual(["apply env-dev", "apply env-staging"]);
    expect(readdirSync(join(p.dir, ".envctl", "run"))).toEqual([]);
    const first = p.ledger("staging").deployments[0];
    const head = p.git("rev-parse", "HEAD").toString().trim();
    expect(first).toMatchObject({ release: expect.stringMatching(/^rel-/), revision: { commit: head, dirty: false }, deployedBy: "deployer", healthyAt: "2026-12-01T09:00:00Z", stacks: ["env-staging"] });

    // Too early and unapproved: every reason at once.
    p.at(addHours(T0, 2));
    const early = await p.envctl(["promote", "staging", "prod"], "carol");
    expect(early.code).toBe(EXIT.findings);
    expect(early.stdout).toContain(`release ${first.release} has been healthy in staging for 2h; prod requires 1d healthy in staging: promote after 2026-12-02T09:00:00Z`);
    expect(early.stdout).toContain(`prod requires 2 approvals of release ${first.release} by people other than the promoter (carol); it has 0 (none): envctl approve prod --release ${first.release}`);
    expect(existsSync(join(p.dir, "terraform-state", "releases", "prod.json"))).toBe(false);

    // Approvals: two people; the promoter's own does not count.
    expect(await p.envctl(["approve", "prod", "--release", first.release], "alice")).toMatchObject({ code: EXIT.ok, stdout: expect.stringContaining("approved: " + first.release + " for prod by alice (1 of 2") });
    expect(await p.envctl(["approve", "prod", "--release", first.release], "alice")).toMatchObject({ code: EXIT.ok, stdout: expect.stringContaining("already approved") });
    expect((await p.envctl(["approve", "prod", "--release", first.release], "carol")).code).toBe(EXIT.ok);
    p.at(addHours(T0, 25));
    const self = await p.envctl(["promote", "staging", "prod"], "carol");
    expect(self.stdout).toContain("carol approved it and promotes it, and one person cannot do both");
    expect((await p.envctl(["approve", "prod", "--release", first.release], "bob")).code).toBe(EXIT.ok);
    const promoted = await p.envctl(["promote", "staging", "prod", "--format", "json"], "carol");
    expect(promoted.code).toBe(EXIT.ok);
    expect(JSON.parse(promoted.stdout)).toMatchObject({ promoted: true, release: first.release, from: "staging", to: "prod", by: "carol", approvers: ["alice", "bob"], rollback: false });

    // --plan reads the ledger as it is now; up deploys the promoted release (and the synth leaves the guard out).
    expect((await p.envctl(["up", "prod", "--plan"])).stdout).toContain(`release ${first.release} is promoted to prod`);
    expect(await p.envctl(["up", "prod"])).toMatchObject({ code: EXIT.ok });
    expect(JSON.stringify(p.stackJson("env-prod"))).not.toContain("promotion_gate");
    expect(p.ledger("prod").deployments.map((d: any) => d.release)).toEqual([first.release]);

    // A change of what every environment shares is a new release: refused for prod before Terraform runs, named with the last promoted one.
    p.change({ org: { ...ORG, config: { base: { "feature-flags": "new-checkout" } } } });
    p.git("commit", "-qm", "new checkout", "--allow-empty");
    p.terraform.length = 0;
    const refused = await p.envctl(["up", "prod"]);
    expect(refused.code).toBe(EXIT.findings);
    expect(p.terraform).toEqual([]);
    expect(refused.stdout).toMatch(/│ prod\s+│ env-prod\s+│ refused/);
    expect(refused.stdout.replace(/\s+/g, " ")).toContain(`the release last promoted to prod is ${first.release} (from staging at 2026-12-02T10:00:00Z by carol, approved by alice and bob)`);
    expect(JSON.stringify(p.stackJson("env-prod"))).toContain("promotion_gate");
    const second = p.manifest().environments.find((e: any) => e.name === "prod").release.id;
    expect(second).not.toBe(first.release);

    // Break glass: deployed, recorded, and warned of on every later list.
    p.at(addHours(T0, 25.5));
    expect((await p.envctl(["up", "prod", "--break-glass", "  "])).code).toBe(EXIT.badInput);
    const glass = await p.envctl(["up", "prod", "--break-glass", "INC-42: checkout down"], "oncall");
    expect(glass.code).toBe(EXIT.ok);
    expect(p.ledger("prod").breakGlass).toEqual([{ release: second, reason: "INC-42: checkout down", by: "deployer", at: "2026-12-02T10:30:00Z" }]);
    expect(p.ledger("prod").deployments[1]).toMatchObject({ release: second, breakGlass: "INC-42: checkout down", deployedBy: "oncall" });
    for (let i = 0; i < 2; i++) expect((await p.envctl(["list"])).stdout).toContain(`WARNING prod: release ${second} went past the promotion gate (break glass) at 2026-12-02T10:30:00Z by deployer: INC-42: checkout down`);

    // Rollback: staging runs the new release; prod gets the first one again, without a new soak (it ran in prod), with its approvals.
    p.at(addHours(T0, 25.75));
    expect((await p.envctl(["up", "staging"])).code).toBe(EXIT.ok);
    p.at(addHours(T0, 26));
    const rollback = await p.envctl(["promote", "staging", "prod", "--release", first.release], "carol");
    expect(rollback).toMatchObject({ code: EXIT.ok, stdout: expect.stringContaining(`promoted ${first.release} from staging to prod (a rollback: an older release of staging)`) });

    // History: newest first, every kind of event.
    const history = JSON.parse((await p.envctl(["history", "prod", "--format", "json"])).stdout).events;
    expect(history.map((e: any) => `${e.event} ${e.release === first.release ? "first" : "second"} ${e.by}`)).toEqual([
      "promotion first carol",
      "deploy second oncall",
      "break-glass second deployer",
      "deploy first deployer",
      "promotion first carol",
      "approval first bob",
      "approval first carol",
      "approval first alice",
    ]);
    expect((await p.envctl(["history", "prod"])).stdout).toMatch(/prod: 8 event\(s\), newest first[\s\S]*from staging \(rollback\)/);

    // Down: dev goes (its never-deployed stacks skipped), prod is refused (deletion protection) and nothing of it is destroyed.
    writeFileSync(join(p.dir, "terraform-state", "env-dev.tfstate"), JSON.stringify({ version: 4, resources: [{ type: "aws_vpc", name: "main", instances: [{ attributes: {} }] }] }));
    p.terraform.length = 0;
    const down = await p.envctl(["down", "dev", "prod"]);
    expect(down.code).toBe(EXIT.findings);
    expect(p.terraform).toEqual(["destroy env-dev"]);
    expect(down.stdout).toMatch(/│ dev\s+│ env-dev\s+│ destroyed/);
    expect(down.stdout).toContain("prod refused: tier prod keeps its data (deletion protection)");
  });

  it("goes on past one environment's failure or bad health, and reports each (exit 1); nothing unhealthy is ever healthy in the ledger", async () => {
    const p = project();
    p.failing.add("env-dev");
    p.unhealthy.add("staging");
    const up = await p.envctl(["up", "dev", "staging", "--format", "json"]);
    expect(up.code).toBe(EXIT.findings);
    const outcomes = JSON.parse(up.stdout).environments;
    expect(outcomes.map((o: any) => [o.environment, o.result])).toEqual([
      ["dev", "failed"],
      ["staging", "unhealthy"],
    ]);
    expect(outcomes[0].detail).toBe("env-dev: terraform apply failed: Error: creating thing: AccessDenied\n\nUser is not authorized");
    expect(p.ledger("staging").deployments[0].healthyAt).toBeUndefined();
    expect(existsSync(join(p.dir, "terraform-state", "releases", "dev.json"))).toBe(false);
  });

  it("synthesizes only the environments it names when the last synth knew them; the output keeps the others as they were", async () => {
    const p = project();
    p.synth();
    const before = JSON.stringify(p.stackJson("env-prod"));
    // A change to every environment: only the one brought up picks it up.
    p.change({ specs: SPECS.map((s) => ({ ...s, config: { ...s.config, "feature-flag": "on" } })) });
    expect(await p.envctl(["up", "dev"])).toMatchObject({ code: EXIT.ok });
    expect(JSON.stringify(p.stackJson("env-dev"))).toContain("feature-flag");
    expect(JSON.stringify(p.stackJson("env-prod"))).toBe(before);
    expect(p.manifest().environments.map((e: { name: string }) => e.name)).toEqual(["dev", "staging", "prod"]);
    expect(p.manifest().declaredOnly).toBeUndefined();
    // With no names, every environment is synthesized.
    expect(await p.envctl(["up", "staging", "--stacks", "aws"])).toMatchObject({ code: EXIT.ok });
    expect((await p.envctl(["up", "--plan"])).stdout).toMatch(/deploy env-prod \(prod, aws\)/);
    expect(JSON.stringify(p.stackJson("env-prod"))).toContain("feature-flag");
    expect(p.terraform.sort()).toEqual(["apply env-dev", "apply env-staging"]);
  });

  it("refuses bad input with exit 2 and runs nothing: flags, unknown environments and releases, a promotion to itself, no identity", async () => {
    const p = project();
    p.synth();
    const cases: [string[], RegExp][] = [
      [["up", "--stacks", "db"], /--stacks "db" is not one of aws, kubernetes, all/],
      [["up", "--parallel", "0"], /--parallel "0" must be a whole number from 1 to 16/],
      [["up", "qa", "--skip-synth"], /unknown environment qa/],
      // A name the last synth did not know takes a whole synth; the plan then names it.
      [["up", "dev", "qa"], /unknown environment qa: cdktf\.out holds dev, staging, prod/],
      [["down", "dev", "--break-glass", "x"], /unknown option '--break-glass'/],
      [["promote", "prod", "prod"], /promote from one environment to another/],
      [["promote", "staging", "prod", "--release", "v1"], /is not a release id/],
      [["approve", "prod"], /--release is required/],
      [["approve", "prod", "--release", "rel-0123456789ab"], /never deployed to any environment of this app/],
      [["history", "Prod!"], /"Prod!" is not an environment name \(a lowercase letter, then up to 23 lowercase letters, digits or hyphens\)\. Environments with a history or in cdktf\.out: dev, prod, staging\./],
      [["history", "qa"], /unknown environment qa: it is not in cdktf\.out and has no release ledger in .*terraform-state\/releases\. Environments with a history or in cdktf\.out: dev, prod, staging\./],
      // The soak time is judged at the time of the promotion, never at a time a flag names.
      [["promote", "staging", "prod", "--now", "2030-01-01T00:00:00Z"], /unknown option '--now'/],
    ];
    for (const [args, message] of cases) {
      const result = await p.envctl(args);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: EXIT.badInput, stderr: expect.stringMatching(message) });
    }
    expect(p.terraform).toEqual([]);
  });

  it("--plan prints the ordered steps with what each waits for, and each gate, as JSON", async () => {
    const p = project();
    p.synth();
    const plan = await p.envctl(["up", "staging", "prod", "--plan", "--format", "json"]);
    expect(plan.code).toBe(EXIT.findings);
    const json = JSON.parse(plan.stdout);
    expect(json.steps.map((s: any) => [s.environment, s.stack, s.waitsFor])).toEqual([
      ["staging", "env-staging", []],
      ["prod", "env-prod", []],
    ]);
    expect(json.releases.find((r: any) => r.environment === "prod")).toMatchObject({ requiresPromotion: true, promoted: false, refusal: expect.stringContaining("no release has been promoted to prod yet") });
    expect(p.terraform).toEqual([]);
  });
});

describe("a synth with the gate lifted", () => {
  it("records the break glass with the output (both or neither), and leaves the guard out", () => {
    const p = project();
    p.synth({ [BREAK_GLASS_VARIABLE]: "INC-7: restore service" });
    expect(JSON.stringify(p.stackJson("env-prod"))).not.toContain("promotion_gate");
    expect(p.ledger("prod").breakGlass).toEqual([expect.objectContaining({ reason: "INC-7: restore service", by: "deployer" })]);
    expect(p.manifest().environments.find((e: any) => e.name === "prod").release).toMatchObject({ breakGlass: "INC-7: restore service", promoted: false });
    expect(p.ledger("prod").breakGlass).toHaveLength(1);
  });
});
