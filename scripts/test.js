// `npm test`: the type check and the build run side by side (each keeps a core busy
// for about 20 s), then the public API report is checked, then jest runs; arguments
// after `npm test --` go to jest. The first failing step's exit code is the result.
const { spawn } = require("node:child_process");
const { join } = require("node:path");

const bin = (name) => join(__dirname, "..", "node_modules", ".bin", name);
const run = (command, args) => new Promise((done) => spawn(command, args, { stdio: "inherit", cwd: join(__dirname, "..") }).on("exit", (code, signal) => done(code ?? (signal ? 1 : 0))));

(async () => {
  const [typecheck, build] = await Promise.all([run(bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]), run("npm", ["run", "build", "--silent"])]);
  if (typecheck !== 0 || build !== 0) process.exit(typecheck || build);
  const api = await run("npm", ["run", "api:check", "--silent"]);
  if (api !== 0) process.exit(api);
  process.exit(await run(bin("jest"), process.argv.slice(2)));
})();
