// The emulator suite waits minutes on the databases' waiters: it starts first, on a
// worker of its own, while the other workers run everything else. The CDK Terrain
// suite starts beside it: a first run installs Node 22, cdktn and the AWS provider 6
// bindings, mostly waiting on the network. Then the other long suites, longest
// first, so that no long one starts last: jest orders by the durations of earlier
// runs, which a fresh machine (CI) does not have, and falls back to file sizes.
const Sequencer = require("@jest/test-sequencer").default;
const { sep } = require("path");

const FIRST = [
  "emulator/estate.test.ts",
  "cdktn/flavour.test.ts",
  "terraform/plan.test.ts",
  "docs/commands.test.ts",
  "main.test.ts",
  "emulator/emulator-command.test.ts",
  "report/browser.test.ts",
  "lib/policy.test.ts",
  "bench/smoke.test.ts",
  "stacks/environment-stack.test.ts",
  "rollout/commands.test.ts",
  "terraform/accepted-specs-validate.test.ts",
  "pipeline/github.test.ts",
].map((path) => `${sep}__tests__${sep}${path.split("/").join(sep)}`);

class LongestFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (test) => {
      const i = FIRST.findIndex((end) => test.path.endsWith(end));
      return i === -1 ? FIRST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
