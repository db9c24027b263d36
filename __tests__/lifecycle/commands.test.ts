import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { EXIT } from "../../lib/core/errors";
import { defaultTags, lifecycleProject } from "./helpers";

const CREATED = new Date("2026-12-01T10:00:00Z");
const SOON = new Date("2026-12-02T10:00:00Z");
const EXPIRED = new Date("2026-12-05T10:00:00Z");

/** A project with dev, prod and the preview pr-123 created at CREATED (expires two days later). */
function withPreview() {
  const project = lifecycleProject();
  project.synth(CREATED, { ENV_PREVIEW: "pr-123" });
  return project;
}

describe("envctl list", () => {
  it("lists every environment as JSON: tier, stacks, owner, lifecycle, expiry, expired, backend", async () => {
    const project = withPreview();
    const { code, stdout } = await project.envctl(["list", "--format", "json"], SOON);
    expect(code).toBe(EXIT.ok);
    const { environments } = JSON.parse(stdout);
    expect(environments.map((e: { name: string }) => e.name)).toEqual(["dev", "prod", "pr-123"]);
    expect(environments[2]).toEqual({ name: "pr-123", tier: "preview", stacks: ["env-pr-123"], owner: "platform-team", lifecycle: "ephemeral", expiresAt: "2026-12-03T10:00:00Z", expired: false, backend: "local terraform-state/env-pr-123.tfstate", lastDeploy: null, knownFrom: "synth", breakGlass: [] });
    expect(environments[1]).toMatchObject({ name: "prod", tier: "prod", lifecycle: "persistent", expiresAt: null, expired: false });
  });

  it("marks expired environments, with how long ago, in the table", async () => {
    const project = withPreview();
    const { code, stdout } = await project.envctl(["list"], EXPIRED);
    expect(code).toBe(EXIT.ok);
    const row = stdout.split("\n").find((l) => l.includes("pr-123"));
    expect(row).toContain("EXPIRED 2d ago");
    expect(stdout.split("\n").find((l) => l.includes("prod") && l.includes("persistent"))).toContain("never");
  });

  it("lists what records and states say without cdktf.out, saying what to run; is bad input (exit 2) with a malformed --now or format", async () => {
    const project = lifecycleProject();
    expect(await project.envctl(["list"], SOON)).toMatchObject({ code: EXIT.ok, stderr: expect.stringContaining("cdktf.out does not exist; listing what the lifecycle records and states say (run `cdktf synth` for the environments in code)") });
    project.synth(CREATED);
    expect(await project.envctl(["list", "--now", "tomorrow"], SOON)).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("--now \"tomorrow\" must be an ISO-8601 UTC instant") });
    expect(await project.envctl(["list", "--format", "xml"], SOON)).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("not one of table, json") });
  });
});

describe("envctl renew", () => {
  it("records a new expiry within the tier's maximum; the next synth carries it into tags, output and manifest, keeping the creation time", async () => {
    const project = withPreview();
    const { code, stdout } = await project.envctl(["renew", "pr-123", "--for", "72h"], SOON);
    expect([code, stdout]).toEqual([EXIT.ok, expect.stringContaining("pr-123 now expires at 2026-12-05T10:00:00Z")]);
    expect(project.record("pr-123")).toMatchObject({ createdAt: "2026-12-01T10:00:00Z", renewedAt: "2026-12-02T10:00:00Z", expiresAt: "2026-12-05T10:00:00Z" });
    // The list sees the renewal before any synth.
    expect(JSON.parse((await project.envctl(["list", "--format", "json"], SOON)).stdout).environments[2].expiresAt).toBe("2026-12-05T10:00:00Z");
    project.synth(EXPIRED, { ENV_PREVIEW: "pr-123" });
    const json = project.stackJson("env-pr-123");
    expect(defaultTags(json)).toMatchObject({ "created-at": "2026-12-01T10:00:00Z", "renewed-at": "2026-12-02T10:00:00Z", "expires-at": "2026-12-05T10:00:00Z", "cloud-nuke-after": "2026-12-05T10:00:00Z" });
    expect(json.output.expires_at.value).toBe("2026-12-05T10:00:00Z");
    expect(project.manifest().environments[2].expiresAt).toBe("2026-12-05T10:00:00Z");
  });

  it("refuses more than the tier allows, naming the maximum, and changes nothing", async () => {
    const project = withPreview();
    const before = project.record("pr-123");
    const { code, stderr } = await project.envctl(["renew", "pr-123", "--for", "8d"], SOON);
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain("--for 8d is more than tier preview allows: at most 168h (7d) from 2026-12-02T10:00:00Z, until 2026-12-09T10:00:00Z.");
    expect(project.record("pr-123")).toEqual(before);
  });

  it("never writes an expiry past the real clock plus the tier's maximum, whatever --now simulates", async () => {
    const project = withPreview();
    const before = project.record("pr-123");
    const far = await project.envctl(["renew", "pr-123", "--now", "2099-01-01T00:00:00Z", "--for", "7d"], SOON);
    expect(far.code).toBe(EXIT.badInput);
    expect(far.stderr).toContain("tier preview allows no expiry after 2026-12-09T10:00:00Z (--now 2099-01-01T00:00:00Z is later than the clock, 2026-12-02T10:00:00Z, whose time plus the tier's maximum bounds every expiry)");
    const nearer = await project.envctl(["renew", "pr-123", "--now", "2026-12-05T10:00:00Z", "--for", "7d"], SOON);
    expect(nearer).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("at most 96h (4d) from 2026-12-05T10:00:00Z, until 2026-12-09T10:00:00Z (--now") });
    expect(project.record("pr-123")).toEqual(before);
    expect((await project.envctl(["renew", "pr-123", "--now", "2026-12-05T10:00:00Z", "--for", "4d"], SOON)).code).toBe(EXIT.ok);
    expect(project.record("pr-123").expiresAt).toBe("2026-12-09T10:00:00Z");
  });

  it("refuses a record whose instants are out of order, naming the file and the field", async () => {
    const project = withPreview();
    const file = join(project.lifecycleDirectory, "pr-123.json");
    require("node:fs").writeFileSync(file, JSON.stringify({ environment: "pr-123", tier: "preview", createdAt: "2026-12-03T10:00:00Z", expiresAt: "2026-12-01T10:00:00Z", renewedAt: "2026-12-04T10:00:00Z" }));
    const { code, stderr } = await project.envctl(["list"], SOON);
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain(`${file}: not a valid lifecycle record (expiresAt: 2026-12-01T10:00:00Z is not after createdAt 2026-12-03T10:00:00Z; renewedAt: 2026-12-04T10:00:00Z is not between createdAt 2026-12-03T10:00:00Z and expiresAt 2026-12-01T10:00:00Z)`);
  });

  it("refuses a persistent environment, an unknown one and a malformed duration (exit 2)", async () => {
    const project = withPreview();
    expect(await project.envctl(["renew", "dev", "--for", "48h"], SOON)).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("environment dev is persistent") });
    expect(await project.envctl(["renew", "pr-999", "--for", "48h"], SOON)).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("unknown environment pr-999. Environments: dev, prod, pr-123") });
    expect(await project.envctl(["renew", "pr-123", "--for", "two days"], SOON)).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("must be a duration such as 90m, 48h or 7d") });
    expect(await project.envctl(["renew", "pr-123"], SOON)).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("--for <duration>") });
  });

  it("refuses a damaged record with its path, rather than guessing an expiry", async () => {
    const project = withPreview();
    const file = join(project.lifecycleDirectory, "pr-123.json");
    require("node:fs").writeFileSync(file, JSON.stringify({ environment: "pr-123", tier: "preview", createdAt: "yesterday", expiresAt: "2026-12-03T10:00:00Z" }));
    const { code, stderr } = await project.envctl(["list"], SOON);
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain(`${file}: not a valid lifecycle record (createdAt: must be an ISO-8601 UTC instant)`);
  });
});

describe("envctl reap, dry run", () => {
  it("is a dry run by default: prints what it would destroy and keeps everything else, with the reason", async () => {
    const project = withPreview();
    const { code, stdout } = await project.envctl(["reap", "--now", "2026-12-05T10:00:00Z"], SOON);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain("(dry run: nothing is destroyed without --yes)");
    expect(stdout).toContain("1. pr-123 (preview, expired 2026-12-03T10:00:00Z): would destroy env-pr-123");
    expect(stdout).toContain("kept prod: prod is never reaped");
    expect(stdout).toContain("kept dev: persistent");
    expect(project.record("pr-123").environment).toBe("pr-123");
  });

  it("reports JSON in the documented shape", async () => {
    const project = withPreview();
    const { stdout } = await project.envctl(["reap", "--format", "json"], EXPIRED);
    expect(JSON.parse(stdout)).toEqual({
      now: "2026-12-05T10:00:00Z",
      dryRun: true,
      expired: [{ name: "pr-123", tier: "preview", expiresAt: "2026-12-03T10:00:00Z", stacks: ["env-pr-123"], inCdktfOut: true }],
      skipped: [
        { name: "dev", reason: "persistent" },
        { name: "prod", reason: "prod is never reaped" },
      ],
      destroyed: [],
      failed: [],
    });
  });

  it("skips an environment that is not expired yet, saying how long it has left", async () => {
    const project = withPreview();
    const { stdout } = await project.envctl(["reap", "--format", "json"], SOON);
    expect(JSON.parse(stdout).skipped).toContainEqual({ name: "pr-123", reason: "not expired: 1d left" });
  });

  it("destroys nothing on bad input (exit 2): malformed --now, --concurrency, missing output", async () => {
    const project = withPreview();
    expect(await project.envctl(["reap", "--yes", "--now", "2026-13-01"], EXPIRED)).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("--now") });
    expect(await project.envctl(["reap", "--yes", "--concurrency", "0"], EXPIRED)).toMatchObject({ code: EXIT.badInput, stderr: expect.stringContaining("from 1 to 16") });
    rmSync(join(project.dir, "cdktf.out"), { recursive: true });
    expect(await project.envctl(["reap", "--yes"], EXPIRED)).toMatchObject({ code: EXIT.badInput });
    expect(existsSync(join(project.lifecycleDirectory, "pr-123.json"))).toBe(true);
    expect(existsSync(join(project.lifecycleDirectory, "reap.log"))).toBe(false);
  });
});

describe("envctl --help and --version", () => {
  it.each(["check", "status", "list", "renew", "reap", "drift"])("envctl %s --help shows examples (exit 0)", async (command) => {
    const project = lifecycleProject();
    const { code, stdout } = await project.envctl([command, "--help"], SOON);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain(`Usage: envctl ${command}`);
    expect(stdout).toContain("Examples:");
  });

  it("envctl --version prints the package version", async () => {
    const { code, stdout } = await lifecycleProject().envctl(["--version"], SOON);
    expect([code, stdout.trim()]).toEqual([EXIT.ok, JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")).version]);
  });
});
