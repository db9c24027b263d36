// The emulator suite waits minutes on the databases' waiters: it starts first, on a
// worker of its own, while the other workers run everything else (largest first).
const Sequencer = require("@jest/test-sequencer").default;

class EmulatorFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const first = (test) => (test.path.endsWith(`emulator${require("path").sep}estate.test.ts`) ? 0 : 1);
    return [...sorted].sort((a, b) => first(a) - first(b));
  }
}

module.exports = EmulatorFirst;
