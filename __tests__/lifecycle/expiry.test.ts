import { createEnvironmentApp } from "../../stacks/app";
import { ephemeral } from "../../lib/environments/resolve";
import { lastPolicyReport } from "../../stacks/synth/aspect";
import { ORG, specFor } from "../helpers/fixtures";
import { lifecycleProject } from "./helpers";

/** Long after the preview of the fixtures expired (2026-11-22T09:00:00Z). */
const LATE = new Date("2030-01-01T00:00:00Z");

describe("an expired environment never blocks anyone else", () => {
  it("synthesizes every stack, the expired one included, with a warning that says how to renew or destroy", () => {
    const project = lifecycleProject();
    const stacks = project.synth(LATE, {}, [specFor("dev"), specFor("prod"), specFor("preview", { name: "pr-7", lifecycle: ephemeral("2026-11-20T09:00:00Z", 48) })]);
    expect(stacks.map((s) => s.node.id)).toEqual(["env-dev", "env-prod", "env-pr-7"]);
    const findings = lastPolicyReport(stacks[2])?.findings.filter((f) => f.ruleId === "ENV-TTL-003") ?? [];
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.severity === "warning")).toBe(true);
    expect(findings[0].remediation).toContain("envctl renew");
  });

  it("guards only the ephemeral stack: a precondition on the plan's time, its message naming the environment, renew and destroy", () => {
    const project = lifecycleProject();
    project.synth(LATE, {}, [specFor("dev"), specFor("preview", { name: "pr-7", lifecycle: ephemeral("2026-11-20T09:00:00Z", 48) })]);
    expect(project.stackJson("env-dev").resource.terraform_data).toBeUndefined();
    const guards = Object.values(project.stackJson("env-pr-7").resource.terraform_data) as Array<{ lifecycle: { precondition: { condition: string; error_message: string }[] } }>;
    expect(guards).toHaveLength(1);
    const [precondition] = guards[0].lifecycle.precondition;
    expect(precondition.condition).toMatch(/^\$\{\(timecmp\(plantimestamp\(\), local\.[\w-]+\) == -1\)\}$/);
    expect(precondition.error_message).toBe(
      "Environment pr-7 expired at 2026-11-22T09:00:00Z, so its deploy is refused (other environments are not affected). Renew it with `envctl renew pr-7 --for 48h` and deploy again, or destroy it with `cdktf destroy env-pr-7` (a destroy is never refused).",
    );
    expect(project.stackJson("env-pr-7").locals).toEqual(expect.objectContaining({ [Object.keys(project.stackJson("env-pr-7").locals)[0]]: "2026-11-22T09:00:00Z" }));
  });

  it("the example app and the README's example synthesize on any date", () => {
    const { app } = createEnvironmentApp(ORG, [specFor("dev"), specFor("preview", { name: "pr-1" })], { app: { outdir: lifecycleProject().dir }, policy: { clock: () => LATE } });
    expect(() => app.synth()).not.toThrow();
  });
});

describe("a lifetime is counted from a creation that has happened", () => {
  it("refuses to synthesize an environment declared as created in the future (ENV-TTL-004, every tier)", () => {
    const project = lifecycleProject();
    expect(() => project.synth(new Date("2026-12-01T00:00:00Z"), {}, [specFor("dev"), specFor("preview", { name: "pr-9", lifecycle: ephemeral("2099-01-01T00:00:00Z", 48) })])).toThrow(
      /\[ENV-TTL-004\] .*tag created-at is 2099-01-01T00:00:00Z, after now \(2026-12-01T00:00:00Z\)/,
    );
  });
});
