// One measured synth, in its own process: `ours <outdir>` runs the compiled example
// organization; `bare <blueprint> <outdir>` runs a bare cdktf app declaring the same resources.
// Prints the process's peak resident memory (KiB) as JSON on stdout.
const [mode, a, b] = process.argv.slice(2);
if (mode === "ours") {
  require("../dist/main.js").buildApp(a).synth();
} else if (mode === "bare") {
  require("./bare-app.js").synthBare(a, b);
} else {
  throw new Error(`usage: synth-child.js ours <outdir> | bare <blueprint-dir> <outdir>`);
}
process.stdout.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
