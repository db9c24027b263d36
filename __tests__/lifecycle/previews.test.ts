import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as fc from "fast-check";
import { parseCidr, cidrsOverlap, type Cidr } from "../../lib/core/cidr";
import { EnvironmentSpecError } from "../../lib/environments/errors";
import { allocatePreviewCidr } from "../../lib/lifecycle/previews";
import { specFor } from "../helpers/fixtures";
import { DECLARED, defaultTags, lifecycleProject } from "./helpers";

const CREATED = new Date("2026-12-01T10:15:30.250Z");
const LATER = new Date("2026-12-02T18:00:00Z");
const cidr = (text: string) => parseCidr(text) as Cidr;

describe("previews per pull request: ENV_PREVIEW adds one without editing code", () => {
  it("adds env-pr-123 of the preview tier, with its own state, owner from CI, a network from the pool and an expiry from the tier", () => {
    const project = lifecycleProject();
    const stacks = project.synth(CREATED, { ENV_PREVIEW: "pr-123", GITHUB_ACTOR: "octocat" });
    expect(stacks.map((s) => s.node.id)).toEqual(["env-dev", "env-prod", "env-pr-123"]);
    const json = project.stackJson("env-pr-123");
    const tags = defaultTags(json);
    expect(tags).toMatchObject({ environment: "pr-123", tier: "preview", owner: "octocat", "created-at": "2026-12-01T10:15:30Z", "expires-at": "2026-12-03T10:15:30Z", "cloud-nuke-after": "2026-12-03T10:15:30Z" });
    expect(json.terraform.backend.local.path).toBe("../../../terraform-state/env-pr-123.tfstate");
    expect(json.output.expires_at.value).toBe("2026-12-03T10:15:30Z");
    const vpc = Object.values(json.resource.aws_vpc)[0] as { cidr_block: string };
    expect(cidrsOverlap(cidr(vpc.cidr_block), cidr("10.128.0.0/12"))).toBe(true);
    expect(vpc.cidr_block).toMatch(/\/20$/);
    expect(project.manifest().environments.find((e) => e.name === "pr-123")).toMatchObject({ tier: "preview", expiresAt: "2026-12-03T10:15:30Z" });
  });

  it("records the creation once, after the synth; a later synth keeps the same expiry and range (no perpetual diff)", () => {
    const project = lifecycleProject();
    project.synth(CREATED, { ENV_PREVIEW: "pr-123" });
    const record = project.record("pr-123");
    expect(record).toMatchObject({ environment: "pr-123", tier: "preview", createdAt: "2026-12-01T10:15:30Z", expiresAt: "2026-12-03T10:15:30Z" });
    const first = project.stackJson("env-pr-123");
    project.synth(LATER, { ENV_PREVIEW: "pr-123" });
    expect(project.stackJson("env-pr-123")).toEqual(first);
    expect(project.record("pr-123")).toEqual(record);
  });

  it("a synth without ENV_PREVIEW keeps the other environments exactly as they were", () => {
    const project = lifecycleProject();
    project.synth(CREATED);
    const dev = project.stackJson("env-dev");
    project.synth(CREATED, { ENV_PREVIEW: "pr-9" });
    expect(project.stackJson("env-dev")).toEqual(dev);
  });

  it("writes no record when the synth fails, and leaves no output", () => {
    const project = lifecycleProject();
    expect(() => project.synth(CREATED, { ENV_PREVIEW: "pr-5" }, [...DECLARED, specFor("dev", { name: "dev2", cidr: "10.10.0.0/20" })])).toThrow(EnvironmentSpecError);
    expect(existsSync(project.lifecycleDirectory)).toBe(false);
    expect(existsSync(join(project.dir, "cdktf.out"))).toBe(false);
  });

  it("refuses ENV_PREVIEW in an app without a preview template, or naming a declared environment, saying what to do", () => {
    const project = lifecycleProject();
    const noTemplate = (() => {
      try {
        project.synth(CREATED, { ENV_PREVIEW: "pr-1" }, DECLARED, { previews: undefined });
        return "no error";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(noTemplate).toContain('environment "pr-1", field "ENV_PREVIEW"');
    expect(noTemplate).toContain("declares no preview template");
    expect(() => project.synth(CREATED, { ENV_PREVIEW: "dev" })).toThrow(/names an environment the app declares/);
    expect(() => project.synth(CREATED, { ENV_PREVIEW: "PR_1" })).toThrow(/field "name"/);
    expect(readdirSync(project.dir)).toEqual([]);
  });

  it("gives two previews disjoint ranges, both clear of the declared environments", () => {
    const project = lifecycleProject();
    project.synth(CREATED, { ENV_PREVIEW: "pr-1" });
    project.synth(CREATED, { ENV_PREVIEW: "pr-2" });
    const [a, b] = [project.record("pr-1").cidr, project.record("pr-2").cidr].map(cidr);
    expect(cidrsOverlap(a, b)).toBe(false);
    for (const spec of DECLARED) expect(cidrsOverlap(a, cidr(spec.cidr as string)) || cidrsOverlap(b, cidr(spec.cidr as string))).toBe(false);
  });
});

describe("allocatePreviewCidr: deterministic, collision-free", () => {
  const POOL = "10.128.0.0/12";

  it("gives a name the same block every time", () => {
    expect(allocatePreviewCidr("pr-123", POOL, 20, [])).toBe(allocatePreviewCidr("pr-123", POOL, 20, []));
    expect(allocatePreviewCidr("pr-123", POOL, 20, [])).not.toBe(allocatePreviewCidr("pr-124", POOL, 20, []));
  });

  it("on a collision, moves to the next free block of the pool", () => {
    const home = allocatePreviewCidr("pr-123", POOL, 20, []);
    const moved = allocatePreviewCidr("pr-123", POOL, 20, [cidr(home)]);
    expect(moved).not.toBe(home);
    const next = cidr(home).network + 4096 >= cidr(POOL).network + 2 ** 20 ? cidr(POOL).network : cidr(home).network + 4096;
    expect(cidr(moved).network).toBe(next);
  });

  it("never overlaps what is taken, for any names and any declared ranges", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^pr-[0-9]{1,5}$/), { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 6 }), (names, declaredBlocks) => {
        const taken: Cidr[] = declaredBlocks.map((i) => cidr(`10.${128 + i}.0.0/16`));
        for (const name of names) {
          const block = cidr(allocatePreviewCidr(name, POOL, 20, taken));
          if (taken.some((t) => cidrsOverlap(t, block))) return false;
          taken.push(block);
        }
        return true;
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it("says so when the pool is full, and refuses sizes it cannot cut", () => {
    const full = [cidr(POOL)];
    expect(() => allocatePreviewCidr("pr-1", POOL, 20, full)).toThrow(/no free \/20 block left \(256 in all\); reap expired previews/);
    expect(() => allocatePreviewCidr("pr-1", POOL, 8, [])).toThrow(/use a prefix from \/16 to \/24/);
  });
});
