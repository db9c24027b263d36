import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import { NODE_FS } from "../../lib/core/fs";
import { TIERS } from "../../lib/core/tiers";
import type { InventoryEntry } from "../../controller/lifecycle/inventory";
import { executeReap, type DestroyRunner } from "../../controller/lifecycle/reap-run";
import { planReap, type ReapPlan } from "../../controller/lifecycle/reaper";
import { lifecycleStore } from "../../lib/lifecycle/records";
import type { SynthOutput } from "../../controller/manifest/output";

const NOW = new Date("2026-12-01T12:00:00Z");
const HOUR = 3_600_000;

/** Any inventory entry, including the inconsistent ones a damaged manifest or record could give. */
const entry = (name: string) =>
  fc.record({
    name: fc.constant(name),
    tier: fc.constantFrom(...TIERS),
    stacks: fc.array(fc.record({ name: fc.string({ minLength: 1, maxLength: 12 }), kind: fc.constantFrom("aws" as const, "kubernetes" as const) }), { minLength: 1, maxLength: 3 }),
    owner: fc.constant("someone"),
    lifecycle: fc.constantFrom("ephemeral" as const, "persistent" as const),
    expiresAt: fc.oneof(fc.constant(null), fc.constant("not a time"), fc.integer({ min: -2000, max: 2000 }).map((h) => new Date(NOW.getTime() + h * HOUR).toISOString().replace(/\.\d{3}Z$/, "Z"))),
    expired: fc.boolean(),
    hoursLeft: fc.oneof(fc.constant(null), fc.integer({ min: -2000, max: 2000 })),
    protected: fc.boolean(),
    backend: fc.constant("local"),
  });

const inventories = fc.integer({ min: 0, max: 25 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => entry(`env-${i}`))));

describe("the reaper's choice, over thousands of generated inventories", () => {
  it("never selects prod, a protected, persistent or unexpired environment, whatever the input; keeps everything else with a reason", () => {
    fc.assert(
      fc.property(inventories, (inventory: InventoryEntry[]) => {
        const plan = planReap(inventory, NOW);
        for (const target of plan.expired) {
          const env = inventory.find((e) => e.name === target.name)!;
          if (env.tier === "prod" || env.protected || env.lifecycle !== "ephemeral") return false;
          const expiry = Date.parse(env.expiresAt ?? "");
          if (!(expiry <= NOW.getTime())) return false;
          // Kubernetes stacks are destroyed before the AWS stack they run on.
          const kinds = target.stacks.map((s) => env.stacks.find((x) => x.name === s)!.kind);
          if (kinds.lastIndexOf("kubernetes") > kinds.indexOf("aws") && kinds.includes("aws")) return false;
        }
        const names = [...plan.expired.map((t) => t.name), ...plan.skipped.map((s) => s.name)].sort();
        return JSON.stringify(names) === JSON.stringify(inventory.map((e) => e.name).sort()) && plan.skipped.every((s) => s.reason.length > 0);
      }),
      { numRuns: 5000, seed: 20261201 },
    );
  });

  it("selects every expired, unprotected, ephemeral environment below prod, longest expired first", () => {
    const base = { owner: "o", expired: true, hoursLeft: -1, protected: false, backend: "local", lifecycle: "ephemeral" as const, stacks: [{ name: "s", kind: "aws" as const }] };
    const plan = planReap(
      [
        { ...base, name: "a", tier: "preview", expiresAt: "2026-12-01T11:00:00Z" },
        { ...base, name: "b", tier: "dev", expiresAt: "2026-11-30T11:00:00Z" },
        { ...base, name: "c", tier: "preview", expiresAt: "2026-12-01T12:00:00Z" },
      ],
      NOW,
    );
    expect(plan.expired.map((t) => t.name)).toEqual(["b", "a", "c"]);
  });
});

describe("carrying out a reap", () => {
  const output: SynthOutput = { dir: "/out", stacks: ["env-a", "env-a-k8s", "env-b", "env-c"].map((name) => ({ name, path: `/out/stacks/${name}/cdk.tf.json` })) };
  const plan: ReapPlan = {
    expired: [
      { name: "a", tier: "preview", expiresAt: "2026-11-30T00:00:00Z", stacks: ["env-a-k8s", "env-a"] },
      { name: "b", tier: "preview", expiresAt: "2026-11-30T01:00:00Z", stacks: ["env-b"] },
      { name: "c", tier: "dev", expiresAt: "2026-11-30T02:00:00Z", stacks: ["env-c"] },
    ],
    skipped: [],
  };

  /** Terraform as a recorder of the commands run; `failing` stacks exit non-zero. */
  function recordingRunner(failing: readonly string[]) {
    const calls: string[] = [];
    let running = 0;
    let peak = 0;
    const runner: DestroyRunner = {
      init: async (cwd) => calls.push(`init ${cwd}`),
      run: async (cwd, args) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        calls.push(`${args[0]} ${cwd}`);
        if (failing.some((s) => cwd.endsWith(`/${s}`))) throw new Error(`terraform destroy failed in ${cwd} (exit 1):\nError: deleting S3 Bucket: BucketNotEmpty`);
      },
    };
    return { runner, calls, peak: () => peak };
  }

  it("destroys each environment's stacks in order, a bounded number at a time, goes on past a failure, reports and logs every outcome", async () => {
    const dir = mkdtempSync(join(tmpdir(), "envkit-reap-"));
    const store = lifecycleStore(NODE_FS, dir, "records");
    for (const t of plan.expired) store.write({ environment: t.name, tier: t.tier, createdAt: "2026-11-28T00:00:00Z", expiresAt: t.expiresAt });
    const terraform = recordingRunner(["env-b"]);
    const outcome = await executeReap(plan, { output, runner: terraform.runner, store, recordOf: (t) => store.readAll().get(t.name)!, actor: "envctl reap (ci)", fs: NODE_FS, concurrency: 2, clock: () => NOW });

    expect(outcome).toEqual({ destroyed: ["a", "c"], failed: [{ name: "b", error: expect.stringContaining("BucketNotEmpty") }] });
    expect(terraform.peak()).toBeLessThanOrEqual(2);
    const destroys = terraform.calls.filter((c) => c.startsWith("destroy"));
    expect(destroys.indexOf("destroy /out/stacks/env-a-k8s")).toBeLessThan(destroys.indexOf("destroy /out/stacks/env-a"));
    expect([...store.readAll().keys()]).toEqual(["b"]);
    // A destroyed environment's record stays as a tombstone: when, and by whom.
    expect(Object.fromEntries([...store.readDestroyed()].map(([name, r]) => [name, [r.destroyedAt, r.destroyedBy]]))).toEqual({ a: ["2026-12-01T12:00:00Z", "envctl reap (ci)"], c: ["2026-12-01T12:00:00Z", "envctl reap (ci)"] });
    const log = readFileSync(join(dir, "records", "reap.log"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(log.map((l) => [l.environment, l.outcome]).sort()).toEqual([["a", "destroyed"], ["b", "failed"], ["c", "destroyed"]]);
    expect(log.every((l) => l.at === "2026-12-01T12:00:00Z")).toBe(true);
  });

  it("fails an environment whose stack is missing from the output, without running Terraform for it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "envkit-reap-"));
    const store = lifecycleStore(NODE_FS, dir, "records");
    const terraform = recordingRunner([]);
    const outcome = await executeReap({ expired: [{ name: "x", tier: "preview", expiresAt: "2026-11-30T00:00:00Z", stacks: ["env-x"] }], skipped: [] }, { output, runner: terraform.runner, store, recordOf: () => ({ environment: "x", tier: "preview", createdAt: "2026-11-28T00:00:00Z", expiresAt: "2026-11-30T00:00:00Z" }), actor: "envctl reap (ci)", fs: NODE_FS, clock: () => NOW });
    expect(outcome.failed).toEqual([{ name: "x", error: expect.stringContaining("stack env-x is not in /out") }]);
    expect(terraform.calls).toEqual([]);
    expect(existsSync(join(dir, "records", "reap.log"))).toBe(true);
  });
});
