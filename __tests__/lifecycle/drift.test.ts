import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { driftOfPlan, pendingOfPlan } from "../../controller/lifecycle/drift";
import { NOISE_RULES } from "../../controller/lifecycle/drift-noise";
import { renderDrift } from "../../controller/cli/commands/drift";

/** A `resource_drift` entry in the shape `terraform show -json` gives for a refresh-only plan. */
function drift(address: string, before: Record<string, unknown>, after: Record<string, unknown> | null, sensitive: { before?: unknown; after?: unknown } = {}) {
  const type = address.split(".")[0];
  return { address, mode: "managed", type, name: address.split(".")[1], change: { actions: after === null ? ["delete"] : ["update"], before, after, before_sensitive: sensitive.before ?? {}, after_sensitive: sensitive.after ?? {} } };
}

/** A plan whose configuration declares `types` (one resource each). */
function plan(entries: unknown[], types: readonly string[] = []) {
  return { format_version: "1.2", resource_drift: entries, configuration: { root_module: { resources: types.map((type, i) => ({ address: `${type}.r${i}`, type, name: `r${i}` })) } } };
}

const TAGS = { environment: "pr-7", tier: "preview", owner: "platform-team" };

describe("drift from a refresh-only plan: real changes reported, provider noise ignored", () => {
  it("ignores what the provider fills in right after a deploy: tags null against {}, owned bucket settings, rules of a group, restore time, EIP association", () => {
    const { drifted, ignored } = driftOfPlan(
      plan(
        [
          drift("aws_kms_alias.key", { name: "alias/a", tags: null }, { name: "alias/a", tags: {} }),
          drift("aws_s3_bucket.data", { bucket: "b", tags: null, tags_all: TAGS, versioning: [], policy: "", server_side_encryption_configuration: [], lifecycle_rule: [], logging: [] }, { bucket: "b", tags: {}, tags_all: TAGS, versioning: [{ enabled: true, mfa_delete: false }], policy: '{"Statement":[]}', server_side_encryption_configuration: [{ rule: [{}] }], lifecycle_rule: [{ id: "x" }], logging: [{ target_bucket: "l" }] }),
          drift("aws_security_group.db", { ingress: [], tags_all: TAGS }, { ingress: [{ from_port: 5432 }], tags_all: TAGS }),
          drift("aws_db_instance.db", { latest_restorable_time: "", tags_all: TAGS }, { latest_restorable_time: "2026-12-01T10:00:00Z", tags_all: TAGS }),
          drift("aws_eip.nat", { association_id: "", network_interface: "", private_ip: "" }, { association_id: "eipassoc-1", network_interface: "eni-1", private_ip: "10.0.0.5" }),
        ],
        ["aws_s3_bucket_versioning", "aws_s3_bucket_policy", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_logging", "aws_vpc_security_group_ingress_rule", "aws_nat_gateway"],
      ),
    );
    expect(drifted).toEqual([]);
    expect(ignored.map((i) => i.address)).toEqual(["aws_db_instance.db", "aws_eip.nat", "aws_kms_alias.key", "aws_s3_bucket.data", "aws_security_group.db"]);
    expect(ignored.find((i) => i.address === "aws_s3_bucket.data")?.attributes).toEqual(["lifecycle_rule", "logging", "policy", "server_side_encryption_configuration", "tags", "versioning"]);
  });

  it("reports a changed tag once, as tags.<key>, from what the resource carries (tags_all)", () => {
    const { drifted } = driftOfPlan(plan([drift("aws_cloudwatch_log_group.app", { tags: {}, tags_all: TAGS, retention_in_days: 7 }, { tags: { owner: "mallory" }, tags_all: { ...TAGS, owner: "mallory" }, retention_in_days: 1 })]));
    expect(drifted).toEqual([
      {
        address: "aws_cloudwatch_log_group.app",
        type: "aws_cloudwatch_log_group",
        change: "update",
        attributes: [
          { path: "retention_in_days", before: 7, after: 1 },
          { path: "tags.owner", before: "platform-team", after: "mallory" },
        ],
      },
    ]);
  });

  it("reports the owner's drift with the path into its block, and the inline attribute when the stack does not declare its owner", () => {
    const owned = driftOfPlan(plan([drift("aws_s3_bucket_versioning.data", { versioning_configuration: [{ status: "Enabled", mfa_delete: "" }] }, { versioning_configuration: [{ status: "Suspended", mfa_delete: "" }] })], ["aws_s3_bucket_versioning"]));
    expect(owned.drifted[0].attributes).toEqual([{ path: "versioning_configuration[0].status", before: "Enabled", after: "Suspended" }]);
    const inline = driftOfPlan(plan([drift("aws_s3_bucket.legacy", { versioning: [{ enabled: true }] }, { versioning: [{ enabled: false }] })], []));
    expect(inline.drifted[0].attributes).toEqual([{ path: "versioning[0].enabled", before: true, after: false }]);
  });

  it("ignores a topic's policy read back from its aws_sns_topic_policy (it replaces the default policy the topic was created with), and watches it when the topic owns its policy", () => {
    const topic = drift("aws_sns_topic.alerts", { policy: '{"Id":"__default_policy_ID"}', tags_all: TAGS }, { policy: '{"Sid":"AlarmsAndBudgetsPublish"}', tags_all: TAGS });
    expect(driftOfPlan(plan([topic], ["aws_sns_topic_policy"])).drifted).toEqual([]);
    expect(driftOfPlan(plan([topic], [])).drifted[0].attributes).toEqual([{ path: "policy", before: '{"Id":"__default_policy_ID"}', after: '{"Sid":"AlarmsAndBudgetsPublish"}' }]);
  });

  it("reports a resource deleted outside Terraform", () => {
    const { drifted } = driftOfPlan(plan([drift("aws_ssm_parameter.log_level", { name: "/acme/dev/log-level" }, null)]));
    expect(drifted).toEqual([{ address: "aws_ssm_parameter.log_level", type: "aws_ssm_parameter", change: "delete", attributes: [] }]);
  });

  it("never prints a sensitive value", () => {
    const { drifted } = driftOfPlan(plan([drift("aws_ssm_parameter.token_ref", { value: "old-secret", type: "SecureString" }, { value: "new-secret", type: "SecureString" }, { before: { value: true }, after: { value: true } })]));
    expect(drifted[0].attributes).toEqual([{ path: "value", before: "(sensitive)", after: "(sensitive)" }]);
    expect(JSON.stringify(drifted)).not.toContain("secret");
  });

  it("documents a reason for every noise rule", () => {
    for (const rule of NOISE_RULES) expect(rule.reason.length).toBeGreaterThan(10);
  });
});

describe("configuration changed since the last deploy (a plan without refresh)", () => {
  it("lists the resources the code would create, change, replace or delete, and nothing else", () => {
    const pending = pendingOfPlan({
      resource_changes: [
        { address: "aws_s3_bucket.data", change: { actions: ["no-op"] } },
        { address: "aws_ssm_parameter.new", change: { actions: ["create"] } },
        { address: "aws_db_instance.db", change: { actions: ["delete", "create"] } },
        { address: "data.aws_iam_policy_document.p", change: { actions: ["read"] } },
      ],
    });
    expect(pending).toEqual([
      { address: "aws_db_instance.db", actions: ["delete", "create"] },
      { address: "aws_ssm_parameter.new", actions: ["create"] },
    ]);
  });
});

describe("the drift report for people", () => {
  it("names each drifted resource and attribute, pending changes apart, and what --fix did", () => {
    const text = renderDrift([
      {
        name: "pr-7",
        tier: "preview",
        drifted: true,
        stacks: [{ stack: "env-pr-7", drifted: [{ address: "aws_cloudwatch_log_group.app", type: "aws_cloudwatch_log_group", change: "update", attributes: [{ path: "retention_in_days", before: 7, after: 1 }] }], ignored: [{ address: "aws_s3_bucket.data", attributes: ["versioning"] }], pending: [{ address: "aws_ssm_parameter.new", actions: ["create"] }] }],
        fix: { applied: false, reason: "prod is corrected only with --yes; review the plan above", plans: [{ stack: "env-pr-7", text: "Terraform will perform the following actions:\n  ~ retention_in_days = 1 -> 7\n", problems: [] }] },
      },
      { name: "dev", tier: "dev", drifted: false, stacks: [], error: "terraform plan -refresh-only failed (exit 1): Error: No valid credential sources found" },
    ]);
    expect(text).toContain("pr-7 (preview): DRIFTED, 1 resource(s) changed outside Terraform");
    expect(text).toContain("  changed env-pr-7: aws_cloudwatch_log_group.app\n      retention_in_days: 7 -> 1");
    expect(text).toContain("configuration changed since the last deploy (env-pr-7, not drift; deploy to apply):\n      create aws_ssm_parameter.new");
    expect(text).toContain("ignored in env-pr-7: 1 resource(s) whose only changes are provider noise");
    // The plan itself is shown before it is applied or refused, not in the report after.
    expect(text).not.toContain("retention_in_days = 1 -> 7");
    expect(text).toContain("NOT corrected: prod is corrected only with --yes");
    expect(text).toContain("dev (dev): ERROR, drift could not be read:\n    terraform plan -refresh-only failed");
    expect(text.trim().split("\n").pop()).toBe("1 environment(s) could not be read.");
  });
});

describe("detectStackDrift: the Terraform commands it runs", () => {
  it("runs a refresh-only plan and a plan without refresh, each waiting for the state's lock; reads JSON only when Terraform says something changed", async () => {
    const calls: string[][] = [];
    const runner = {
      init: async () => undefined,
      exec: async (_cwd: string, args: readonly string[]) => {
        calls.push([...args]);
        if (args[0] === "show") return { code: 0, stdout: JSON.stringify({ resource_drift: [], resource_changes: [{ address: "aws_ssm_parameter.new", change: { actions: ["create"] } }] }), stderr: "" };
        return { code: args.includes("-refresh=false") ? 2 : 0, stdout: "", stderr: "" };
      },
    };
    const { detectStackDrift } = await import("../../controller/lifecycle/drift");
    const drift = await detectStackDrift("env-dev", "/stacks/env-dev", runner);
    expect(drift).toEqual({ stack: "env-dev", drifted: [], ignored: [], pending: [{ address: "aws_ssm_parameter.new", actions: ["create"] }] });
    expect(calls.map((c) => c.filter((a) => !a.startsWith("-out=") && !a.endsWith(".tfplan")))).toEqual([
      ["plan", "-refresh-only", "-detailed-exitcode", "-input=false", "-no-color", "-lock-timeout=120s"],
      ["plan", "-refresh=false", "-detailed-exitcode", "-input=false", "-no-color", "-lock-timeout=120s"],
      ["show", "-json", "-no-color"],
    ]);
  });

  it("reads an expired environment's drift, and says why the changes of its code were not read (its expiry guard stops the plan)", async () => {
    const guard = "Error: Resource precondition failed\n  Environment pr-7 expired at 2026-12-03T10:00:00Z, so its deploy is refused\n  (other environments are not affected).";
    const runner = {
      init: async () => undefined,
      exec: async (_cwd: string, args: readonly string[]) => (args.includes("-refresh=false") ? { code: 1, stdout: "", stderr: guard } : { code: 0, stdout: "", stderr: "" }),
    };
    const { detectStackDrift } = await import("../../controller/lifecycle/drift");
    const drift = await detectStackDrift("env-pr-7", "/stacks/env-pr-7", runner);
    expect(drift).toMatchObject({ drifted: [], pending: [], pendingUnread: expect.stringMatching(/^Environment pr-7 expired at 2026-12-03T10:00:00Z, so its deploy is refused \(the expiry guard stops its plan\)/) });
    expect(renderDrift([{ name: "pr-7", tier: "preview", drifted: false, stacks: [drift] }])).toContain("changes from the code not read (env-pr-7): Environment pr-7 expired at");
  });

  it("fails with Terraform's own words when a plan fails", async () => {
    const runner = { init: async () => undefined, exec: async () => ({ code: 1, stdout: "", stderr: "Error: No valid credential sources found\n" }) };
    const { detectStackDrift } = await import("../../controller/lifecycle/drift");
    await expect(detectStackDrift("env-dev", "/stacks/env-dev", runner)).rejects.toThrow(/terraform plan -refresh-only .* failed \(exit 1\): Error: No valid credential sources found/);
  });
});

describe("fixProblems: what in a fix plan is more than a correction of drift", () => {
  const drift = {
    stack: "env-dev",
    drifted: [
      { address: "aws_cloudwatch_log_group.app", type: "aws_cloudwatch_log_group", change: "update" as const, attributes: [{ path: "retention_in_days", before: 14, after: 1 }] },
      { address: "aws_ssm_parameter.level", type: "aws_ssm_parameter", change: "delete" as const, attributes: [] },
      { address: "aws_s3_bucket_versioning.data", type: "aws_s3_bucket_versioning", change: "update" as const, attributes: [{ path: "versioning_configuration[0].status", before: "Enabled", after: "Suspended" }] },
    ],
    ignored: [],
    pending: [{ address: "aws_s3_bucket_versioning.data", actions: ["update"] }],
  };
  const plan = (changes: Record<string, string[]>) => ({ resource_changes: Object.entries(changes).map(([address, actions]) => ({ address, change: { actions } })) });

  it("passes a plan that only restores what drifted: updates of drifted resources, a deleted one created again", async () => {
    const { fixProblems } = await import("../../controller/lifecycle/drift");
    expect(fixProblems(plan({ "aws_cloudwatch_log_group.app": ["update"], "aws_ssm_parameter.level": ["create"], "aws_kms_key.key": ["no-op"], "data.aws_iam_policy_document.p": ["read"] }), { ...drift, pending: [] })).toEqual([]);
  });

  it("rejects a replacement, a deletion, a change to a resource that did not drift, and a drifted resource whose code also changed", async () => {
    const { fixProblems } = await import("../../controller/lifecycle/drift");
    const problems = fixProblems(plan({ "aws_cloudwatch_log_group.app": ["delete", "create"], "aws_s3_bucket.logs": ["delete"], "aws_db_instance.db": ["update"], "aws_s3_bucket_versioning.data": ["update"] }), drift);
    expect(problems.map((p) => [p.address, p.kind])).toEqual([
      ["aws_cloudwatch_log_group.app", "replace"],
      ["aws_db_instance.db", "code"],
      ["aws_s3_bucket_versioning.data", "code"],
      ["aws_s3_bucket.logs", "delete"],
    ]);
    expect(problems.find((p) => p.address === "aws_db_instance.db")?.detail).toContain("though it did not drift: the change comes from the code");
  });
});

describe("envctl drift --fix: the plan first, then only a correction, confirmed", () => {
  const NOW = new Date("2026-12-02T00:00:00Z");
  /** A Terraform that reports the log group of env-dev drifted, and plans `fixChanges` to correct it. */
  function fakeTerraform(fixChanges: Record<string, string[]>) {
    const calls: string[][] = [];
    const runner = {
      init: async () => undefined,
      exec: async (_cwd: string, args: readonly string[]) => {
        calls.push([...args]);
        const file = args.find((a) => a.endsWith(".tfplan")) ?? args.find((a) => a.startsWith("-out="))?.slice(5) ?? "";
        if (args[0] === "plan") return { code: args.includes("-refresh-only") ? 2 : 0, stdout: "", stderr: "" };
        if (args[0] === "show" && !args.includes("-json")) return { code: 0, stdout: "Terraform will perform the following actions:\n  ~ retention_in_days = 1 -> 14\n", stderr: "" };
        if (args[0] === "show" && file.endsWith("refresh.tfplan")) return { code: 0, stdout: JSON.stringify({ resource_drift: [{ address: "aws_cloudwatch_log_group.app", type: "aws_cloudwatch_log_group", change: { actions: ["update"], before: { retention_in_days: 14 }, after: { retention_in_days: 1 } } }] }), stderr: "" };
        if (args[0] === "show") return { code: 0, stdout: JSON.stringify({ resource_changes: Object.entries(fixChanges).map(([address, actions]) => ({ address, change: { actions } })) }), stderr: "" };
        return { code: 0, stdout: "Apply complete!", stderr: "" };
      },
    };
    return { runner, calls, applied: () => calls.some((c) => c[0] === "apply") };
  }

  async function fix(changes: Record<string, string[]>, flags: { yes?: boolean }, terminal?: { answer: string }) {
    const { lifecycleProject } = await import("./helpers");
    const { runDrift } = await import("../../controller/cli/commands/drift");
    const project = lifecycleProject();
    project.synth(NOW);
    // env-dev was deployed: its state holds resources (a stack never deployed has no drift to read).
    mkdirSync(join(project.dir, "terraform-state"), { recursive: true });
    writeFileSync(join(project.dir, "terraform-state", "env-dev.tfstate"), JSON.stringify({ version: 4, resources: [{ mode: "managed", type: "aws_cloudwatch_log_group", name: "app", instances: [{ attributes: {} }] }] }));
    const terraform = fakeTerraform(changes);
    let stdout = "";
    const asked: string[] = [];
    const code = await runDrift(["dev"], { fix: true, ...flags }, { cwd: project.dir, now: () => NOW, stdout: (t) => (stdout += t), stderr: () => undefined, stdoutIsTty: Boolean(terminal), stdinIsTty: Boolean(terminal), env: {}, confirm: terminal ? async (q) => (asked.push(q), terminal.answer === "yes") : undefined }, terraform.runner);
    return { code, stdout, asked, terraform };
  }

  it("plans only the drifted resources (-target), shows the plan before the outcome, and applies it once confirmed on a terminal", async () => {
    const { code, stdout, asked, terraform } = await fix({ "aws_cloudwatch_log_group.app": ["update"] }, {}, { answer: "yes" });
    expect(code).toBe(0);
    expect(terraform.calls.find((c) => c[0] === "plan" && c.some((a) => a.startsWith("-target=")))).toContain("-target=aws_cloudwatch_log_group.app");
    expect(asked).toEqual(["Apply this plan to dev? Only 'yes' applies it: "]);
    expect(terraform.applied()).toBe(true);
    expect(stdout.indexOf("retention_in_days = 1 -> 14")).toBeLessThan(stdout.indexOf("drift corrected"));
    expect(stdout).toContain("plan that restores env-dev (targeted at the resources that drifted):");
  });

  it("applies nothing when the answer is not yes (exit 2: the drift remains)", async () => {
    const { code, stdout, terraform } = await fix({ "aws_cloudwatch_log_group.app": ["update"] }, {}, { answer: "no" });
    expect([code, terraform.applied()]).toEqual([2, false]);
    expect(stdout).toContain("NOT corrected: not confirmed");
  });

  it("without a terminal, applies only with --yes", async () => {
    const refused = await fix({ "aws_cloudwatch_log_group.app": ["update"] }, {});
    expect([refused.code, refused.terraform.applied()]).toEqual([2, false]);
    expect(refused.stdout).toContain("NOT corrected: without a terminal to confirm on, --fix applies only with --yes");
    const confirmed = await fix({ "aws_cloudwatch_log_group.app": ["update"] }, { yes: true });
    expect([confirmed.code, confirmed.terraform.applied()]).toEqual([0, true]);
  });

  it("reads no drift of a stack never deployed (no state), and says so", async () => {
    const { lifecycleProject } = await import("./helpers");
    const { runDrift } = await import("../../controller/cli/commands/drift");
    const project = lifecycleProject();
    project.synth(NOW);
    const terraform = fakeTerraform({});
    let stdout = "";
    const code = await runDrift(["dev"], {}, { cwd: project.dir, now: () => NOW, stdout: (t) => (stdout += t), stderr: () => undefined, stdoutIsTty: false, env: {} }, terraform.runner);
    expect([code, terraform.calls]).toEqual([0, []]);
    expect(stdout).toContain("dev (dev): no drift\n  env-dev: not deployed (no state), nothing to read");
  });

  it("refuses, even on a terminal, a plan that replaces or destroys something or carries a change from the code, naming each resource; --yes applies it", async () => {
    const changes = { "aws_cloudwatch_log_group.app": ["delete", "create"], "aws_db_instance.db": ["update"] };
    const refused = await fix(changes, {}, { answer: "yes" });
    expect([refused.code, refused.terraform.applied(), refused.asked]).toEqual([2, false, []]);
    expect(refused.stdout).toContain("more than a correction of drift (applied only with --yes):\n    - aws_cloudwatch_log_group.app: would be replaced (destroyed, then created anew)\n    - aws_db_instance.db: would be updated, though it did not drift");
    expect(refused.stdout).toContain("NOT corrected: the plan does more than correct drift (aws_cloudwatch_log_group.app would be replaced; aws_db_instance.db changes from the code)");
    const forced = await fix(changes, { yes: true });
    expect([forced.code, forced.terraform.applied()]).toEqual([0, true]);
  });
});
