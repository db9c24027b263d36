// `npm test`: the build first; the type check runs beside it, and the public API
// report check and jest start as soon as the build is done (jest's first suites
// are the emulator deploys, which leave a core idle at times). Arguments after
// `npm test --` go to jest. The first step to fail gives the exit code; a failed
// type check or API check stops jest.
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
  const typecheck = mustPass(run(bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]));
  await mustPass(run("npm", ["run", "build", "--silent"]));
  const api = mustPass(run("npm", ["run", "api:check", "--silent"]));
  const jest = run(bin("jest"), process.argv.slice(2));
  await Promise.all([typecheck, api]);
  process.exit(await jest);
})();
