// See global-setup.js. Fails the run when a test wrote a temporary entry
// outside the run's own directory, then removes that directory.
const fs = require("node:fs");
const path = require("node:path");
const { OURS } = require("./global-setup");

module.exports = async function globalTeardown() {
  const system = process.env.ENVKIT_SYSTEM_TMPDIR;
  const runDir = process.env.ENVKIT_TEST_RUN_DIR;
  const before = new Set(JSON.parse(process.env.ENVKIT_TMP_BEFORE || "[]"));
  const leaked = fs.readdirSync(system).filter((e) => OURS.test(e) && !before.has(e) && path.join(system, e) !== runDir);
  fs.rmSync(runDir, { recursive: true, force: true });
  if (leaked.length > 0) {
    throw new Error(`The test run left ${leaked.length} entr${leaked.length === 1 ? "y" : "ies"} in ${system}: ${leaked.slice(0, 10).join(", ")}. Write temporary files under os.tmpdir() (the run's own directory).`);
  }
};
