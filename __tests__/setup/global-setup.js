// Every test run writes its temporary files under one directory of its own
// (TMPDIR is pointed at it, which os.tmpdir(), cdktf's Testing.app() and the
// child processes follow); global-teardown.js checks that nothing escaped it
// and removes it. A run leaves nothing behind in the system's temp folder.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** Names our tests and cdktf give temporary entries. */
const OURS = /^(cdktf\.outdir\.|cdktf\.|envkit-|envctl-|\.cdktf\.out\.staging-)/;

module.exports = async function globalSetup() {
  const system = os.tmpdir();
  const runDir = fs.mkdtempSync(path.join(system, "envkit-test-run-"));
  process.env.ENVKIT_SYSTEM_TMPDIR = system;
  process.env.ENVKIT_TEST_RUN_DIR = runDir;
  process.env.ENVKIT_TMP_BEFORE = JSON.stringify(fs.readdirSync(system).filter((e) => OURS.test(e) && path.join(system, e) !== runDir));
  process.env.TMPDIR = runDir;
  // The AWS SDK warns about its releases after January 2027 under Node 20; the tests pin versions that support it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
};

module.exports.OURS = OURS;
