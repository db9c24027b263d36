/** Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/__tests__/**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 120000,
  // Two cores: the emulator suite spends most of its time waiting on the databases' waiters, so two more workers share the cores with it.
  maxWorkers: 3,
  globalSetup: "<rootDir>/__tests__/setup/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/setup/global-teardown.js",
  testSequencer: "<rootDir>/__tests__/setup/sequencer.js",
};
