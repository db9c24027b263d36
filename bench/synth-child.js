// One measured synth, in its own process: `ours <outdir>` runs the compiled example
// organization; `bare <blueprint> <outdir>` and `bare-tokens <blueprint> <outdir>` run a
// bare cdktf app declaring the same resources (references as "${...}" strings, or as
// cdktf tokens the way hand-written code passes them).
// Prints the process's CPU time (ms, user + system) and peak resident memory (KiB) as JSON.
const [mode, a, b] = process.argv.slice(2);
if (mode === "ours") {
  require("../dist/main.js").buildApp(a).synth();
} else if (mode === "bare") {
  require("./bare-app.js").synthBare(a, b);
} else if (mode === "bare-tokens") {
  require("./bare-app.js").synthBare(a, b, { tokens: true });
} else {
  throw new Error(`usage: synth-child.js ours <outdir> | bare <blueprint-dir> <outdir> | bare-tokens <blueprint-dir> <outdir>`);
}
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssKiB: process.resourceUsage().maxRSS }));
