/**
 * `npm run bench`: synth time and peak memory of the example organization
 * (compiled path and `cdktf synth` path) against a bare cdktf app that declares
 * the same resources, plus the policy check benchmark. Prints figures; asserts nothing.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generateTerraformJson, runCheckBench } from "./check-bench";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Sample {
  readonly ms: number;
  readonly maxRssKiB: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "envkit-bench-"));
}

function measure(args: string[]): Sample {
  const start = process.hrtime.bigint();
  const result = spawnSync("node", args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${result.stderr}`);
  return { ms, maxRssKiB: JSON.parse(result.stdout).maxRssKiB };
}

function series(label: string, runs: number, args: () => string[]): { label: string; ms: number; mib: number } {
  const samples = Array.from({ length: runs }, () => measure(args()));
  return { label, ms: median(samples.map((s) => s.ms)), mib: median(samples.map((s) => s.maxRssKiB)) / 1024 };
}

function main(): void {
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${RUNS} runs per figure (median)\n`);
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });

  const blueprint = scratch();
  measure(["bench/synth-child.js", "ours", blueprint]);
  const resources = fs
    .readdirSync(path.join(blueprint, "stacks"))
    .map((s) => JSON.parse(fs.readFileSync(path.join(blueprint, "stacks", s, "cdk.tf.json"), "utf8")))
    .reduce((n, j) => n + Object.values(j.resource as Record<string, object>).reduce((m, byName) => m + Object.keys(byName).length, 0), 0);

  const ours = series("envkit example organization (compiled JS)", RUNS, () => ["bench/synth-child.js", "ours", scratch()]);
  const bare = series("bare cdktf app, same resources", RUNS, () => ["bench/synth-child.js", "bare", blueprint, scratch()]);

  const cliRuns = Math.max(1, Math.min(3, RUNS));
  const cli: number[] = [];
  for (let i = 0; i < cliRuns; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync("npx", ["cdktf", "synth", "--output", scratch()], { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" } });
    if (r.status !== 0) throw new Error(`cdktf synth failed:\n${r.stderr}`);
    cli.push(Number(process.hrtime.bigint() - start) / 1e6);
  }

  console.log(`\nSynth of 4 environment stacks, ${resources} resources`);
  console.table([
    { path: ours.label, "median ms": Math.round(ours.ms), "peak RSS MiB": Math.round(ours.mib) },
    { path: bare.label, "median ms": Math.round(bare.ms), "peak RSS MiB": Math.round(bare.mib) },
    { path: "npx cdktf synth (CLI + ts-node app)", "median ms": Math.round(median(cli)), "peak RSS MiB": "-" },
  ]);
  console.log(`overhead vs bare app: time ${(ours.ms / bare.ms).toFixed(2)}x, memory ${(ours.mib / bare.mib).toFixed(2)}x (goal: at most 1.20x)`);

  checkBench();
}

/** `envctl check` over a generated 10,000-resource Terraform JSON: the CLI process end to end, and the engine alone. */
function checkBench(): void {
  const dir = scratch();
  const file = path.join(dir, "large.tf.json");
  fs.writeFileSync(file, JSON.stringify(generateTerraformJson(10_000)));
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync("node", ["dist/lib/cli/main.js", "check", "--file", file, "--tier", "prod", "--format", "json", "--out", path.join(dir, "report.json")], { cwd: ROOT });
    if (r.status !== 0 && r.status !== 1) throw new Error(`envctl check failed (${r.status}):\n${r.stderr}`);
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const engine = [1, 2].map((k) => runCheckBench(10_000 * k));
  console.log(`\nenvctl check --file <10,000-resource tf.json> (whole CLI process, median of ${RUNS}): ${Math.round(median(runs))} ms (goal: under 1000 ms)`);
  console.table(
    engine.map((e) => ({ resources: e.resources, "load ms": Math.round(e.loadMs), "evaluate ms": Math.round(e.evaluateMs), "resources/s": Math.round(e.resourcesPerSecond), findings: e.findings })),
  );
}

main();
