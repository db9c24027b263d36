// The emulator suite waits minutes on the databases' waiters: it starts first, on a
// worker of its own, while the other workers run everything else (largest first).
// The CDK Terrain suite starts beside it: its first run installs Node 22, cdktn and
// the AWS provider 6 bindings from the registry, mostly waiting on the network.
const Sequencer = require("@jest/test-sequencer").default;
const { sep } = require("path");

const FIRST = [`emulator${sep}estate.test.ts`, `cdktn${sep}flavour.test.ts`];

class EmulatorFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (test) => {
      const i = FIRST.findIndex((end) => test.path.endsWith(end));
      return i === -1 ? FIRST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = EmulatorFirst;
