// `npm test`: the type check and the build run side by side (each keeps a core busy
// for about 20 s), then jest, with the public API report checked beside its start
// (a few seconds of one core). Arguments after `npm test --` go to jest. The first
// step to fail gives the exit code; a failed API check stops jest.
const { spawn } = require("node:child_process");
const { join } = require("node:path");

const bin = (name) => join(__dirname, "..", "node_modules", ".bin", name);
const children = new Set();
const run = (command, args) =>
  new Promise((done) => {
    const child = spawn(command, args, { stdio: "inherit", cwd: join(__dirname, "..") });
    children.add(child);
    child.on("exit", (code, signal) => {
      children.delete(child);
      done(code ?? (signal ? 1 : 0));
    });
  });
const stopAll = (code) => {
  for (const child of children) child.kill("SIGTERM");
  process.exit(code);
};
const mustPass = (step) => step.then((code) => (code === 0 ? 0 : stopAll(code)));

(async () => {
  await Promise.all([mustPass(run(bin("tsc"), ["-p", "tsconfig.json", "--noEmit"])), mustPass(run("npm", ["run", "build", "--silent"]))]);
  const api = mustPass(run("npm", ["run", "api:check", "--silent"]));
  const jest = run(bin("jest"), process.argv.slice(2));
  await api;
  process.exit(await jest);
})();
