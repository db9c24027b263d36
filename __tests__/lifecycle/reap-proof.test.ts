import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as fc from "fast-check";
import type { CommandContext } from "../../controller/cli/io";
import { runReap } from "../../controller/cli/commands/reap";
import { TIERS } from "../../lib/core/tiers";
import type { DestroyRunner } from "../../controller/lifecycle/reap-run";
import { reapDisagreements, type ReapFacts } from "../../controller/lifecycle/reap-proof";
import { lifecycleProject } from "./helpers";

const NOW = new Date("2026-12-05T10:00:00Z");
const HOUR = 3_600_000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * A world of environments as they truly are: what each stack's own Terraform
 * JSON and state say. Manifests, records and the inventory built from them
 * may lie; the stack directories of their own names do not.
 */
const truth = fc.record({
  tier: fc.constantFrom(...TIERS),
  lifecycle: fc.constantFrom("ephemeral", "persistent"),
  expiresInHours: fc.integer({ min: -100, max: 100 }),
  kubernetes: fc.boolean(),
});
const worlds = fc.dictionary(fc.constantFrom("pr-1", "pr-2", "dev", "staging", "prod", "qa"), truth, { minKeys: 1, maxKeys: 6 });

describe("the reap proof, over thousands of lying inventories, manifests and records", () => {
  const runs = { total: 0, passed: 0 };
  afterAll(() => {
    // Not vacuous: some generated targets are truly reapable, and pass.
    expect(runs.passed).toBeGreaterThan(5);
  });

  it("passes a target only when the stack directories it destroys truly hold an expired ephemeral environment of that name, below staging", () => {
    fc.assert(
      fc.property(
        worlds,
        fc.record({
          pick: fc.nat(),
          lies: fc.uniqueArray(fc.constantFrom("name", "tier", "foreign-stack", "k8s", "misplaced", "record-environment", "record-tier", "record-expiry", "record-order", "no-record", "declared-tier", "declared-lifecycle", "declared-protected", "declared-expiry", "no-declared"), { maxLength: 4 }),
          liedTier: fc.constantFrom(...TIERS),
          foreign: fc.constantFrom("pr-1", "pr-2", "dev", "staging", "prod", "qa"),
        }),
        (world, { pick, lies, liedTier, foreign }) => {
          runs.total++;
          const names = Object.keys(world);
          const base = names[pick % names.length];
          const real = world[base];
          const lied = (what: (typeof lies)[number]) => lies.includes(what);
          // What a consistent inventory, manifest and record would say of `base`; then the lies.
          const name = lied("name") ? "Bad Name" : base;
          const tier = lied("tier") ? liedTier : real.tier;
          const stacks = [`env-${name}`, ...(real.kubernetes || lied("k8s") ? [`env-${name}-k8s`] : []), ...(lied("foreign-stack") ? [`env-${foreign}`] : [])];
          const envOf = (stack: string) => stack.replace(/^env-/, "").replace(/-k8s$/, "");
          const facts: ReapFacts = {
            target: { name, tier, expiresAt: at(real.expiresInHours), stacks },
            ...(lied("no-record") ? {} : { record: { environment: lied("record-environment") ? "other" : name, tier: lied("record-tier") ? liedTier : tier, createdAt: at(lied("record-order") ? real.expiresInHours + 1 : -200), expiresAt: at(lied("record-expiry") ? -1 : real.expiresInHours) } }),
            ...(lied("no-declared") ? {} : { declared: { tier: lied("declared-tier") ? liedTier : tier, lifecycle: lied("declared-lifecycle") ? "ephemeral" : real.lifecycle, expiresAt: at(lied("declared-expiry") ? -1 : real.expiresInHours), protected: lied("declared-protected") ? false : real.tier === "staging" || real.tier === "prod" } }),
            stacks: stacks.map((stack, i) => {
              const own = `/out/stacks/${stack}`;
              const truly = world[envOf(stack)];
              // What the stack's own directory holds, when it exists: the truth of its environment.
              const exists = truly !== undefined && (!stack.endsWith("-k8s") || truly.kubernetes);
              return {
                name: stack,
                directory: lied("misplaced") && i === 0 ? "/out/stacks/env-prod" : own,
                ownDirectory: own,
                ...(exists
                  ? {
                      synthesized: { environment: envOf(stack), tier: truly.tier },
                      ...(stack.endsWith("-k8s") ? {} : { defaultTags: { environment: envOf(stack), tier: truly.tier, lifecycle: truly.lifecycle, ...(truly.lifecycle === "ephemeral" ? { "expires-at": at(truly.expiresInHours) } : {}) } }),
                      stateTags: [{ environment: envOf(stack), tier: truly.tier, lifecycle: truly.lifecycle }],
                    }
                  : {}),
              };
            }),
            now: NOW,
          };
          if (reapDisagreements(facts).length > 0) return true;
          runs.passed++;
          // Passed: every stack it destroys is in its own directory, and truly of an expired ephemeral environment of that name below staging.
          return facts.stacks.every((stack) => {
            const truly = world[envOf(stack.name)];
            return stack.directory === stack.ownDirectory && envOf(stack.name) === name && truly !== undefined && truly.lifecycle === "ephemeral" && truly.expiresInHours <= 0 && truly.tier !== "staging" && truly.tier !== "prod";
          });
        },
      ),
      { numRuns: 5000, seed: 20261205 },
    );
  });

  it("passes an expired preview whose record, manifest, stack and state agree", () => {
    const facts: ReapFacts = {
      target: { name: "pr-1", tier: "preview", expiresAt: at(-1), stacks: ["env-pr-1-k8s", "env-pr-1"] },
      record: { environment: "pr-1", tier: "preview", createdAt: at(-49), expiresAt: at(-1) },
      declared: { tier: "preview", lifecycle: "ephemeral", expiresAt: at(-1), protected: false },
      stacks: ["env-pr-1-k8s", "env-pr-1"].map((name) => ({
        name,
        directory: `/out/stacks/${name}`,
        ownDirectory: `/out/stacks/${name}`,
        synthesized: { environment: "pr-1", tier: "preview" },
        ...(name === "env-pr-1" ? { defaultTags: { environment: "pr-1", tier: "preview", lifecycle: "ephemeral", "expires-at": at(-1) } } : {}),
        stateTags: name === "env-pr-1" ? [{ environment: "pr-1", tier: "preview", lifecycle: "ephemeral" }] : [],
      })),
      now: NOW,
    };
    expect(reapDisagreements(facts)).toEqual([]);
  });
});

describe("envctl reap --yes against a damaged cdktf.out: prod is never destroyed", () => {
  /** dev, prod and the preview pr-1, expired, with every stack deployed (a state with resources of its own tags). */
  function damagedProject(damage: (dir: string) => void) {
    const project = lifecycleProject();
    project.synth(new Date("2026-12-01T10:00:00Z"), { ENV_PREVIEW: "pr-1" });
    mkdirSync(join(project.dir, "terraform-state"), { recursive: true });
    for (const [env, tier, lifecycle] of [["dev", "dev", "persistent"], ["prod", "prod", "persistent"], ["pr-1", "preview", "ephemeral"]]) {
      writeFileSync(join(project.dir, "terraform-state", `env-${env}.tfstate`), JSON.stringify({ version: 4, resources: [{ mode: "managed", type: "aws_vpc", name: "vpc", instances: [{ attributes: { tags_all: { environment: env, tier, lifecycle } } }] }] }));
    }
    damage(project.dir);
    const destroyed: string[] = [];
    const runner: DestroyRunner = { init: async () => undefined, run: async (cwd, args) => destroyed.push(`${args[0]} ${cwd}`) };
    let stdout = "";
    let stderr = "";
    const context: CommandContext = { cwd: project.dir, now: () => NOW, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stdoutIsTty: false, env: {} };
    return {
      project,
      run: async () => {
        const code = await runReap({ yes: true, format: "json" }, context, runner);
        return { code, report: stdout ? JSON.parse(stdout) : { stderr }, destroyed };
      },
    };
  }
  const edit = (path: string, change: (json: any) => void) => {
    const json = JSON.parse(readFileSync(path, "utf8"));
    change(json);
    writeFileSync(path, JSON.stringify(json));
  };

  it("refuses a preview whose environment manifest lists prod's stack, naming why, and destroys nothing of it", async () => {
    const { run, project } = damagedProject((dir) => edit(join(dir, "cdktf.out", "envkit.manifest.json"), (m) => {
        const prodStack = m.environments.find((e: { name: string }) => e.name === "prod").stacks[0];
        m.environments.find((e: { name: string }) => e.name === "pr-1").stacks.push(prodStack);
      }),
    );
    const { code, report, destroyed } = await run();
    expect([code, destroyed]).toEqual([1, []]);
    expect(report.failed).toEqual([{ name: "pr-1", error: "refused: nothing proves pr-1 may be destroyed, so nothing of it was: stack env-prod is not a stack of environment pr-1" }]);
    expect(readFileSync(join(project.lifecycleDirectory, "reap.log"), "utf8")).toContain('"outcome":"refused"');
  });

  it("refuses a preview whose cdktf manifest points its stack at prod's directory", async () => {
    const { run } = damagedProject((dir) => edit(join(dir, "cdktf.out", "manifest.json"), (m) => (m.stacks["env-pr-1"].synthesizedStackPath = "stacks/env-prod/cdk.tf.json")));
    const { code, report, destroyed } = await run();
    expect([code, destroyed]).toEqual([1, []]);
    expect(report.failed[0].error).toMatch(/stack env-pr-1 would be destroyed in \S+\/stacks\/env-prod, not in its own directory \S+\/stacks\/env-pr-1/);
  });

  it("refuses prod disguised as an expired preview in the environment manifest: its own stack and state say prod", async () => {
    const { run } = damagedProject((dir) =>
      edit(join(dir, "cdktf.out", "envkit.manifest.json"), (m) => {
        const prod = m.environments.find((e: { name: string }) => e.name === "prod");
        prod.tier = "preview";
        prod.resolved.tier = "preview";
        prod.resolved.lifecycle = { kind: "ephemeral", createdAt: "2026-11-01T00:00:00Z", expiresAt: "2026-11-02T00:00:00Z" };
        prod.resolved.retention.deletionProtection = false;
      }),
    );
    const { report, destroyed } = await run();
    expect(destroyed.filter((d) => d.includes("env-prod"))).toEqual([]);
    expect(report.failed.find((f: { name: string }) => f.name === "prod")?.error).toMatch(/stack env-prod was synthesized for tier prod.*tags its resources lifecycle=persistent.*the state of env-prod holds resources of tier prod/);
    // The real expired preview beside it is reaped.
    expect(report.destroyed).toEqual(["pr-1"]);
  });
});
