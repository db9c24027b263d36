// One synth of N dev environments, in its own process: `node bench/many-environments.js <N> <outdir> [ENVKIT_ONLY]`.
// Prints CPU ms, wall ms and peak RSS (KiB) as JSON, for `npm run bench` to show how synth grows with N
// (and, with a third argument, what a synth of only the environments it names costs in that estate).
const [count, outdir, only] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const started = performance.now();
const { createEnvironmentApp } = require("../dist/api/index.js");
const specs = Array.from({ length: count }, (_, i) => ({
  name: `env${i}`,
  tier: "dev",
  account: "111111111111",
  availabilityZones: ["eu-west-1a", "eu-west-1b"],
  cidr: `10.${Math.floor(i / 16)}.${(i % 16) * 16}.0/20`,
  lifecycle: { kind: "persistent", reason: "benchmark" },
  config: { "log-level": "info" },
}));
const loaded = performance.now();
const { app } = createEnvironmentApp({ organization: "bench", region: "eu-west-1", owner: "platform", costCentre: "cc-1", deployRole: "arn:aws:iam::{account}:role/envkit-deploy" }, specs, { app: { outdir }, env: only ? { ENVKIT_ONLY: only } : {} });
const built = performance.now();
app.synth();
const done = performance.now();
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    environments: count,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    wallMs: Math.round(done - started),
    loadMs: Math.round(loaded - started),
    buildMs: Math.round(built - loaded),
    synthMs: Math.round(done - built),
    maxRssKiB: process.resourceUsage().maxRSS,
  }),
);
