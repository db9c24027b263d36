import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scaffoldFiles } from "../../controller/scaffold/scaffold";
import { FLOW_IDS, ROLLOUT_FLOW_IDS } from "../emulator/readme-flows";
import { commandsOf, docBlocks, ROOT } from "./blocks";
import { ShellSession, tail } from "./session";

const BLOCKS = docBlocks();

/**
 * A project of the example organization (this repository's main.ts), as an
 * app repository has it after `npm install` and a synth with the preview
 * pr-123: `npx envctl` is the built package's binary.
 */
function exampleProject(): ShellSession {
  const dir = mkdtempSync(join(tmpdir(), "envkit-docs-"));
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  symlinkSync(ROOT, join(dir, "node_modules", "cdktf-envkit"));
  symlinkSync(join(ROOT, "dist", "controller", "cli", "main.js"), join(dir, "node_modules", ".bin", "envctl"));
  const tsNode = require.resolve("ts-node/register/transpile-only");
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: `node -r ${tsNode} ${join(ROOT, "main.ts")}`, sendCrashReports: "false" }));
  const env = { ...(process.env as Record<string, string>), CI: "true", NO_COLOR: "1", CHECKPOINT_DISABLE: "1", TS_NODE_PROJECT: join(ROOT, "tsconfig.json") };
  const synth = spawnSync(process.execPath, ["-r", tsNode, join(ROOT, "main.ts")], { cwd: dir, encoding: "utf8", env: { ...env, CDKTF_OUTDIR: join(dir, "cdktf.out"), ENV_PREVIEW: "pr-123" } });
  if (synth.status !== 0) throw new Error(`the example organization did not synthesize: ${synth.stderr}`);
  return new ShellSession(dir, env, "docs");
}

describe("the command blocks of the README and docs/", () => {
  it("are each run by a test, or say why not", () => {
    expect(BLOCKS.length).toBeGreaterThan(15);
    for (const block of BLOCKS) {
      if (block.marker.kind === "not run") expect([block.page, block.line, block.marker.reason.length > 20]).toEqual([block.page, block.line, true]);
    }
  });

  it("mark as flows exactly the steps the emulator suite runs, once each: the README's, and the rollout walk-through's", () => {
    const flows = BLOCKS.filter((b) => b.marker.kind === "flow");
    expect(flows.map((b) => (b.marker as { id: string }).id)).toEqual([...FLOW_IDS, ...ROLLOUT_FLOW_IDS]);
    expect(flows.map((b) => b.page)).toEqual([...FLOW_IDS.map(() => "README.md"), ...ROLLOUT_FLOW_IDS.map(() => "docs/rollout.md")]);
  });

  it("install by hand the same packages, at the same versions, as envctl init writes", () => {
    const manual = BLOCKS.find((b) => b.page === "README.md" && b.text.includes("npm install --save-dev"))!.text;
    const installed = [...manual.matchAll(/(@?[a-z][\w./-]*)@(\d[\w.-]*)/g)].map((m) => `${m[1]}@${m[2]}`).sort();
    const pkg = JSON.parse(scaffoldFiles({ directory: "my-app" })["package.json"]);
    const scaffolded = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })
      .filter(([name]) => name !== "cdktf-envkit")
      .map(([name, version]) => `${name}@${version}`)
      .sort();
    expect(installed).toEqual(scaffolded);
  });
});

describe("the docs' commands, run in a project of the example organization", () => {
  let session: ShellSession;
  beforeAll(() => {
    session = exampleProject();
  }, 120_000);

  const runnable = BLOCKS.filter((b) => b.marker.kind === "docs");
  it.each(runnable.map((b) => [`${b.page}:${b.line}`, b] as const))("%s succeeds, each command as written", async (_where, block) => {
    for (const command of commandsOf(block.text)) {
      const result = await session.run(command, 120_000);
      expect({ command, code: result.code, output: result.code === 0 ? "" : tail(result) }).toEqual({ command, code: 0, output: "" });
    }
  }, 300_000);

  it("wrote what the blocks say they write", () => {
    expect(JSON.parse(readFileSync(join(session.cwd, "envctl.sarif"), "utf8")).version).toBe("2.1.0");
    expect(JSON.parse(readFileSync(join(session.cwd, "terraform-state", "lifecycle", "pr-123.json"), "utf8")).renewedAt).toBeDefined();
    // The emulator block stopped what it started, and its unset lines left the shell as it was.
    expect(existsSync(join(session.cwd, ".envctl", "emulators.json"))).toBe(false);
    expect(session.env.AWS_ENDPOINT_URL).toBe(process.env.AWS_ENDPOINT_URL);
  });
});
