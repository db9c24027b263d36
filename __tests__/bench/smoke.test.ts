import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

/**
 * `npm run bench` once, in its smoke mode (one round, small sizes, the
 * existing build, no emulator deploy): a benchmark that crashes fails the
 * suite instead of rotting until someone runs it.
 */
describe("npm run bench -- --smoke", () => {
  let run: ReturnType<typeof spawnSync>;
  let output: string;
  // The benchmark's own temporary folder: what it leaves there, it leaves on every machine that runs it.
  const temp = mkdtempSync(join(tmpdir(), "envkit-bench-tmp-"));
  beforeAll(() => {
    run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "bench/run.ts", "--smoke"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true", TMPDIR: temp } });
    output = `${run.stdout}${run.stderr}`;
  }, 180_000);

  it("completes (exit 0)", () => {
    expect({ status: run.status, output: run.status === 0 ? "" : output }).toEqual({ status: 0, output: "" });
  });

  it("removes every scratch folder it made", () => {
    expect(readdirSync(temp).filter((name) => name.startsWith("envkit-bench-"))).toEqual([]);
  });

  it("measures the example organization, its Kubernetes stacks included, against both bare apps", () => {
    expect(output).toMatch(/Synth of the example organization: 8 stacks \(4 of them Kubernetes\), \d+ resources/);
    expect(output).toMatch(/overhead vs bare-tokens: CPU \d+\.\d\dx, peak memory \d+\.\d\dx/);
    expect(output).toMatch(/overhead vs bare: CPU \d+\.\d\dx, peak memory \d+\.\d\dx/);
  });

  it("leaves out the CLI synth's timing (main.test.ts runs the CLI), and prints the growth with environments and the check figures", () => {
    expect(output).toContain("npx cdktf synth (CLI + ts-node app): skipped in smoke mode (main.test.ts runs it)");
    expect(output).toMatch(/per additional environment \(2 -> 8\): [\d.]+ ms CPU/);
    expect(output).toMatch(/envctl check --file <1,000-resource tf\.json> \(whole CLI process, median of 1\): \d+ ms/);
  });

  it("prints the estate's whole synth against a bare app's, the synth of one of its environments, and the pipelines generated from its manifest", () => {
    expect(output).toMatch(/An estate of 4 dev environments\nwhole synth: [\d.]+ s wall, [\d.]+ s CPU, peak RSS \d+ MiB/);
    expect(output).toMatch(/bare cdktf app declaring the same resources \(tokens\): [\d.]+ s wall \(process\), [\d.]+ s CPU, peak RSS \d+ MiB; the estate's overhead: CPU \d+\.\d\dx, peak memory \d+\.\d\dx/);
    expect(output).toMatch(/synth of one environment \(ENVKIT_ONLY=env3\): [\d.]+ s wall/);
    expect(output).toMatch(/envctl pipeline github: \d+ ms \(\d+ files, \d+ KiB\); envctl pipeline flux: \d+ ms \(16 files, \d+ KiB\)/);
  });

  it("prints the estate report's figures: the command, the pages alone, the overview's load in Chromium", () => {
    expect(output).toMatch(/envctl report --html over 4 dev environments \(median of 1\)\nwhole command: \d+ ms wall \(.*5 pages written, \d+ KiB, the overview \d+ KiB\)/);
    expect(output).toMatch(/the pages alone: \d+ ms; the overview loaded in headless Chromium \(navigation to load event\): \d+ ms/);
  });
});
