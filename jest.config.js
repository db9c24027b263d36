/** Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/__tests__/**/*.test.ts"],
  // Each file is transpiled on its own by swc (no type information, as tsconfig's isolatedModules promises): the type check is tsc's job.
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" }, sourceMaps: "inline" }] },
  testTimeout: 120000,
  maxWorkers: 2,
  globalSetup: "<rootDir>/__tests__/setup/global-setup.js",
  globalTeardown: "<rootDir>/__tests__/setup/global-teardown.js",
  testSequencer: "<rootDir>/__tests__/setup/sequencer.js",
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup/creation-stacks.ts"],
};
