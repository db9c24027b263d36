import { execFile } from "node:child_process";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { BudgetsClient, DescribeBudgetCommand, DescribeNotificationsForBudgetCommand, DescribeSubscribersForNotificationCommand } from "@aws-sdk/client-budgets";
import { DescribeLogGroupsCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { DeleteParameterCommand, GetParameterCommand } from "@aws-sdk/client-ssm";
import { TIER_ALARMS } from "../../lib/core/alarms";
import { TIER_PROFILES } from "../../lib/core/tiers";
import { addHours, formatUtc } from "../../lib/core/time";
import type { ResolvedEnvironment } from "../../lib/environments/types";
import { commandsOf, flowBlock, ROOT } from "../docs/blocks";
import { COMMAND_LOG, ShellSession, tail, type CommandResult } from "../docs/session";
import { clientsFor, inspectEnvironment, leftovers, objectCount, putObject } from "./inspect";
import { writeCliConfig } from "../../controller/terraform/cli-config";
import { CI_ACTOR_VARIABLES } from "../../lib/releases/identity";
import { FOREIGN_AWS_VARIABLES, projectEmulators, startEmulator, type Emulator } from "./moto";
import { emulatorProject, RUN_LOG, type EmulatorProject, type RunResult } from "./project";
import { FLOW_IDS, ROLLOUT_FLOW_IDS } from "./readme-flows";

/**
 * Every environment is proven by a real deploy against a local AWS API, and
 * the README's flows are run as written, as a user runs them:
 *
 * - the README: the package packed, `envctl init my-app` from the tarball,
 *   `npm install`, synth, check, cost, diff, `envctl emulator start`, env-dev
 *   (budget and all) and the preview pr-42 deployed side by side in one
 *   account, status, drift after damage and its correction, a plain synth that
 *   leaves the preview out of cdktf.out, the reap that destroys the expired
 *   preview from its record, the list that shows it destroyed, the destroy of
 *   dev and `envctl emulator stop`;
 * - docs/rollout.md's walk-through, as written, in a git checkout of the
 *   example organization (main.ts, as it is, with what the walk-through
 *   changes): `envctl up dev staging`, the promotion refused and then
 *   approved and recorded, `envctl up prod`, a change refused by `envctl up`
 *   and by `cdktf deploy`, the rollback, the history, and `envctl down`; its
 *   staging and prod are the ones every check below reads;
 * - the account guard against a stranger's account.
 *
 * Everything is checked through the AWS SDK. The database's waiters take
 * minutes, so the two halves run side by side, and within the README the
 * steps that share no state run side by side as two terminals.
 */
const exec = promisify(execFile);
const APP_ORG = "my-app";
const EXAMPLE_ORG = "acme";
const ACCOUNTS = { dev: "111111111111", "pr-42": "111111111111", staging: "333333333333", prod: "444444444444", stranger: "999999999999" } as const;
type Env = "dev" | "pr-42" | "staging" | "prod";
const DEPLOYED: readonly Env[] = ["dev", "pr-42", "staging", "prod"];
type Protected = "staging" | "prod";
const PROTECTED: readonly Protected[] = ["staging", "prod"];
const orgOf = (env: Env) => (env === "dev" || env === "pr-42" ? APP_ORG : EXAMPLE_ORG);
const names = (env: Env) => ({ prefix: `${orgOf(env)}-${env}`, org: orgOf(env), env });

// The README's flows, each command's result by flow and position.
const flows = {} as Record<(typeof FLOW_IDS)[number], CommandResult[]>;
const extra = {} as Record<"expiredDrift", CommandResult>;
let user: ShellSession;
let appDir: string;
/** The emulator `envctl emulator start` started for the README (dev and previews share its account). */
let appEmulator: { endpoint: string; log: string };
/** How the synth resolved dev and pr-42 (my-app's manifest), and staging and prod (the example's). */
const resolved = {} as Record<Env, ResolvedEnvironment>;

const emulators = {} as Record<"staging" | "prod" | "exampleDev" | "stranger", Emulator>;
const projects = {} as Record<"example" | "guard", EmulatorProject>;
const deploys = {} as Record<"guard", RunResult>;
/** What the AWS API says of each deployed environment, read right after its deploy (the README's terminals then change dev and reap the preview). */
const inspected = {} as Record<Env, Awaited<ReturnType<typeof inspectEnvironment>>>;
const budgetsSeen = {} as Record<Env, Awaited<ReturnType<typeof readBudget>>>;

/** The environment's monthly budget, its notifications and their subscribers, through the AWS Budgets API of its emulator. */
async function readBudget(env: Env, endpoint: string) {
  const budgets = new BudgetsClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "testing", secretAccessKey: "testing" } });
  const request = { AccountId: ACCOUNTS[env], BudgetName: `${names(env).prefix}-monthly` };
  const budget = (await budgets.send(new DescribeBudgetCommand(request))).Budget;
  const found = (await budgets.send(new DescribeNotificationsForBudgetCommand(request))).Notifications ?? [];
  const notifications = await Promise.all(found.map(async (notification) => ({ notification, subscribers: (await budgets.send(new DescribeSubscribersForNotificationCommand({ ...request, Notification: notification }))).Subscribers })));
  return { budget, notifications };
}

/** Reads what every check of a deployed environment looks at. */
async function inspect(env: Env, emulator: { endpoint: string }): Promise<void> {
  inspected[env] = await inspectEnvironment(clientsFor(emulator), names(env));
  budgetsSeen[env] = await readBudget(env, emulator.endpoint);
}

/** Runs the commands of the README's flow `id` in `session`, in order, as typed. */
async function runFlow(id: (typeof FLOW_IDS)[number], session: ShellSession, only?: (index: number) => boolean): Promise<CommandResult[]> {
  const results: CommandResult[] = flows[id] ?? [];
  const commands = commandsOf(flowBlock(id).text);
  for (const [i, command] of commands.entries()) if (!only || only(i)) results[i] = await session.run(command);
  return (flows[id] = results);
}

const ok = (r: CommandResult | RunResult | undefined) => ({ code: r?.code, output: r?.code === 0 ? "" : r && ("command" in r ? tail(r) : r.output.slice(-4000)) });

/** The README's install, quick start and deploys, up to the deployed dev and preview. */
async function readmeUntilDeployed(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "envkit-readme-"));
  // What `npm pack` in a clone gives (the README's first block): npm test has just built dist/.
  mkdirSync(join(work, "cdktf-envkit"));
  await exec("npm", ["pack", "--ignore-scripts", "--pack-destination", join(work, "cdktf-envkit")], { cwd: ROOT });
  const env: Record<string, string> = { ...(process.env as Record<string, string>), CI: "true", NO_COLOR: "1", CHECKPOINT_DISABLE: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
  for (const name of [...FOREIGN_AWS_VARIABLES, "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) delete env[name];
  user = new ShellSession(work, env, "user");
  await runFlow("install", user);
  appDir = user.cwd;
  afterInstall();
  await runFlow("synth", user);
  // A machine with registry access skips the README's offline block; this one has only the provider mirror.
  if (process.env.TF_PROVIDER_MIRROR) await runFlow("offline", user);
  else flows.offline = [];
  await runFlow("deploy", user, (i) => i === 0);
  appEmulator = { endpoint: user.env.AWS_ENDPOINT_URL, log: join(appDir, ".envctl", `emulator-${ACCOUNTS.dev}.log`) };
  await runFlow("deploy", user, (i) => i > 0);
  const manifest = JSON.parse(readFileSync(join(appDir, "cdktf.out", "envkit.manifest.json"), "utf8")) as { environments: { name: string; resolved: ResolvedEnvironment }[] };
  for (const env of ["dev", "pr-42"] as const) resolved[env] = manifest.environments.find((e) => e.name === env)!.resolved;
}

/** The account guard: the example's env-dev deployed with a stranger's credentials. */
async function guardDeploy(): Promise<void> {
  emulators.stranger = await startEmulator(ACCOUNTS.stranger);
  projects.guard = emulatorProject();
  deploys.guard = await projects.guard.cdktf(["deploy", "env-dev", "--auto-approve", "--skip-provider-lock"], emulators.stranger);
}

// docs/rollout.md's walk-through: each command's result by flow and position.
const rollout = {} as Record<(typeof ROLLOUT_FLOW_IDS)[number], CommandResult[]>;
let exampleDir = "";
/** The release staging ran first, as the walk-through exported it. */
let firstRelease = "";
/** Git commits of the checkout: before the walk-through, and after each change. */
const commits: string[] = [];
type ExampleResults = Record<Protected, { drift: RunResult; status: RunResult; destroy: RunResult; plan: RunResult; objects: number }>;
let exampleResults: ExampleResults | undefined;

/** Runs the walk-through's flow `id` in `session`, each command as written. */
async function runRollout(id: (typeof ROLLOUT_FLOW_IDS)[number], session: ShellSession): Promise<void> {
  rollout[id] = [];
  for (const command of commandsOf(flowBlock(id).text)) rollout[id].push(await session.run(command));
}

/**
 * A git checkout of an app of the example organization, as a user has it
 * after npm install: its app is this repository's main.ts, with what the
 * walk-through changes (prod's soak time in the organization's config, the
 * API's image) read from release.json; `npx envctl` and `npx cdktf` are the
 * built package's and the pinned CLI's.
 */
function exampleCheckout(): ShellSession {
  const dir = mkdtempSync(join(tmpdir(), "envkit-rollout-"));
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  for (const entry of readdirSync(join(ROOT, "node_modules"))) if (entry !== ".bin") symlinkSync(join(ROOT, "node_modules", entry), join(dir, "node_modules", entry));
  symlinkSync(join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf"), join(dir, "node_modules", ".bin", "cdktf"));
  symlinkSync(join(ROOT, "dist", "controller", "cli", "main.js"), join(dir, "node_modules", ".bin", "envctl"));
  writeFileSync(
    join(dir, "app.ts"),
    [
      `import { existsSync, readFileSync } from "node:fs";`,
      `import { ENVIRONMENTS, ORGANIZATION, PREVIEWS } from ${JSON.stringify(join(ROOT, "main"))};`,
      `import { createEnvironmentApp, runApp, synthesizeAll } from ${JSON.stringify(join(ROOT, "api"))};`,
      `const change = existsSync("release.json") ? JSON.parse(readFileSync("release.json", "utf8")) : {};`,
      `const specs = ENVIRONMENTS.map((e) => ({ ...e, services: e.services?.map((s) => (s.name === "api" && change.apiImage ? { ...s, image: change.apiImage } : s)) }));`,
      `runApp(() => synthesizeAll(createEnvironmentApp({ ...ORGANIZATION, promotion: change.promotion }, specs, { previews: PREVIEWS }).app));`,
      "",
    ].join("\n")
  );
  writeFileSync(
    join(dir, "cdktf.json"),
    JSON.stringify({ language: "typescript", app: `node -r ${require.resolve("ts-node/register/transpile-only")} app.ts`, sendCrashReports: "false", terraformProviders: [], terraformModules: [], context: {} }, null, 2)
  );
  // The suite's own copies of cdktf.out (cdktf.checked-*) are ignored with the rest of what a synth writes.
  writeFileSync(join(dir, ".gitignore"), "node_modules/\ncdktf.out/\ncdktf.checked-*/\nterraform-state/\n.envctl/\n");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" }).toString().trim();
  git("init", "-q");
  git("config", "user.email", "dev@example.com");
  git("config", "user.name", "Dev");
  commit(dir, {}, "the example organization");
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    CI: "true",
    NO_COLOR: "1",
    CHECKPOINT_DISABLE: "1",
    TS_NODE_PROJECT: join(ROOT, "tsconfig.json"),
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  for (const name of [...FOREIGN_AWS_VARIABLES, ...CI_ACTOR_VARIABLES, "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) delete env[name];
  // What the README's offline block gives a machine without registry access: Terraform installs providers from the mirror.
  const cliConfig = writeCliConfig(mkdtempSync(join(tmpdir(), "envkit-cli-")));
  if (cliConfig) env.TF_CLI_CONFIG_FILE = cliConfig;
  return new ShellSession(dir, env, "example");
}

/** Writes the walk-through's change into the checkout and commits it. */
function commit(dir: string, change: Record<string, unknown>, message: string): void {
  writeFileSync(join(dir, "release.json"), `${JSON.stringify(change, null, 2)}\n`);
  execFileSync("git", ["add", "-A"], { cwd: dir });
  execFileSync("git", ["commit", "-qm", message], { cwd: dir });
  commits.push(execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir }).toString().trim());
}

let markProdDeployed: () => void;
/** Resolved once prod is deployed by the walk-through and staging and prod are inspected (or the walk-through failed before). */
const prodDeployed = new Promise<void>((done) => (markProdDeployed = done));

/**
 * One protected environment as the walk-through deployed it: drift, health,
 * and a destroy it refuses (with data in its bucket). Read from a copy of
 * cdktf.out taken right after its deploy (`outdir`), so that the walk-through
 * goes on synthesizing beside it.
 */
async function protectedCheck(env: Protected, outdir: string): Promise<ExampleResults[Protected]> {
  // Each reader gets a copy of its own (each runs terraform init in its stack's directory): drift and health beside the refused destroy.
  for (const copy of [outdir, `${outdir}-destroy`]) cpSync(join(exampleDir, "cdktf.out"), join(exampleDir, copy), { recursive: true });
  const aws = clientsFor(emulators[env]);
  await putObject(aws, `${EXAMPLE_ORG}-${env}-data`, "reports/2026-12-01.csv", "id,total\n1,42\n");
  const objects = await objectCount(aws, `${EXAMPLE_ORG}-${env}-data`);
  const [drift, status, [destroy, plan]] = await Promise.all([
    projects.example.envctl(["drift", env, "--format", "json", "--dir", outdir], emulators[env]),
    projects.example.envctl(["status", env, "--format", "json", "--dir", outdir], emulators[env]),
    (async () => {
      // cdktf --skip-synth runs Terraform where the output already is; the copy is initialized first, as its directory in cdktf.out was.
      await projects.example.terraform(`env-${env}`, ["init", "-input=false", "-no-color"], emulators[env], `${outdir}-destroy`);
      const destroy = await projects.example.cdktf(["destroy", `env-${env}`, "--auto-approve", "--skip-provider-lock", "--skip-synth", "--output", `${outdir}-destroy`], emulators[env]);
      // Terraform's own plan names the protected resources (the cdktf CLI does not always print Terraform's last diagnostic).
      // The destroy above has just refreshed the state; prevent_destroy stops a plan from the state as it stops one after a refresh.
      const plan = await projects.example.terraform(`env-${env}`, ["plan", "-destroy", "-refresh=false", "-input=false", "-no-color", "-lock=false"], emulators[env], `${outdir}-destroy`);
      return [destroy, plan] as const;
    })(),
  ]);
  return { drift, status, destroy, plan, objects };
}

/** The environment as the manifest of the walk-through's cdktf.out resolved it. */
function resolvedInExample(env: Protected): ResolvedEnvironment {
  const manifest = JSON.parse(readFileSync(join(exampleDir, "cdktf.out", "envkit.manifest.json"), "utf8")) as { environments: { name: string; resolved: ResolvedEnvironment }[] };
  return manifest.environments.find((e) => e.name === env)!.resolved;
}

/** docs/rollout.md, as written; between its blocks, what its prose says happens (a commit of a change). */
async function walkthrough(): Promise<void> {
  const session = exampleCheckout();
  exampleDir = session.cwd;
  const checks: Partial<Record<Protected, Promise<ExampleResults[Protected]>>> = {};
  try {
    await runRollout("rollout-up", session);
    const byAccount = projectEmulators(exampleDir);
    [emulators.exampleDev, emulators.staging, emulators.prod] = [byAccount[ACCOUNTS.dev], byAccount[ACCOUNTS.staging], byAccount[ACCOUNTS.prod]];
    projects.example = emulatorProject({}, exampleDir);
    resolved.staging = resolvedInExample("staging");
    await inspect("staging", emulators.staging);
    checks.staging = protectedCheck("staging", "cdktf.checked-staging");
    await runRollout("rollout-refused", session);
    commit(exampleDir, { promotion: { prod: { soakHours: 0 } } }, "prod takes a release without soaking, for the walk-through");
    await runRollout("rollout-promote", session);
    firstRelease = session.env.RELEASE ?? "";
    // Two terminals: dev goes while prod comes (down takes its copies of the stacks as it starts, before up's synth).
    const down = runRollout("rollout-down", session.fork("second"));
    await new Promise((done) => setTimeout(done, 2_000));
    await runRollout("rollout-prod", session);
    resolved.prod = resolvedInExample("prod");
    await inspect("prod", emulators.prod);
    checks.prod = protectedCheck("prod", "cdktf.checked-prod");
    markProdDeployed();
    // The change's deploys take prod's state lock: after prod's checks.
    exampleResults = { staging: await checks.staging, prod: await checks.prod };
    commit(exampleDir, { promotion: { prod: { soakHours: 0 } }, apiImage: "ghcr.io/acme/api:1.9.0" }, "api 1.9.0");
    await runRollout("rollout-change", session);
    await runRollout("rollout-rollback", session);
    await down;
  } finally {
    markProdDeployed();
  }
}

const serverErrors = (log: string) =>
  existsSync(log)
    ? readFileSync(log, "utf8")
        .split("\n")
        .filter((l) => /" 5\d\d [-\d]/.test(l) || l.startsWith("NotImplementedError"))
    : [];

let afterInstall: () => void;
const installed = new Promise<void>((done) => (afterInstall = done));
let walkthroughDone: Promise<unknown>;
let guardDone: Promise<unknown>;
/** The README's plain synth, then its two terminals (drift on dev; the expired preview reaped). */
let readmeLanes: Promise<void>;
beforeAll(async () => {
  // The walk-through starts at once: its deploys mostly wait on the databases' waiters, beside the README's npm install.
  walkthroughDone = walkthrough().catch((error: unknown) => process.stderr.write(`the walk-through stopped: ${error instanceof Error ? error.stack : String(error)}\n`));
  guardDone = installed.then(guardDeploy);
  await readmeUntilDeployed().finally(() => afterInstall());
  // Read right after their deploy, before the README's terminals change dev and reap the preview.
  for (const env of ["dev", "pr-42"] as const) await inspect(env, appEmulator);
  readmeLanes = (async () => {
    // The plain synth runs before the terminals part: it is the only synth into cdktf.out besides dev's destroy.
    await runFlow("preview", user);
    startLanes();
  })();
}, 560_000);

/** A line of an emulator's request log: `action <time> <name> <status> <seconds>s <client port> [<what it names>]`. */
function requestOf(line: string): { action: string; seconds: number; subject: string } | undefined {
  const m = /^action \S+ (.+?) (\d{3}|-) ([\d.]+)s \S+(?: (.*))?$/.exec(line);
  return m ? { action: m[1], seconds: parseFloat(m[3]), subject: m[4] ?? "" } : undefined;
}

/**
 * What an emulator's log says of creates that were answered "already exists"
 * (a client that sent one create twice), with every call of the same action
 * naming the same thing (with its client port), and of its slowest calls:
 * printed when a run found one, to show why.
 */
function repeatedCreates(log: string): string[] {
  if (!existsSync(log)) return [];
  const calls = readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => requestOf(l));
  const repeated = calls.filter((l) => /^action \S+ (Create|Put)\w* 4\d\d /.test(l));
  if (repeated.length === 0) return [];
  const same = (a: string, b: string) => requestOf(a)!.action === requestOf(b)!.action && requestOf(a)!.subject === requestOf(b)!.subject;
  const slowest = [...calls].sort((a, b) => requestOf(b)!.seconds - requestOf(a)!.seconds).slice(0, 5);
  return [...repeated.flatMap((r) => calls.filter((c) => same(c, r)).slice(0, 6)), "slowest:", ...slowest];
}

afterAll(async () => {
  const logs = [appEmulator?.log, ...["111111111111", "333333333333", "444444444444"].map((a) => exampleDir && join(exampleDir, ".envctl", `emulator-${a}.log`))].filter((l): l is string => Boolean(l));
  for (const log of logs) {
    const found = repeatedCreates(log);
    if (found.length > 0) process.stderr.write(`${log}: a create answered "already exists":\n  ${found.join("\n  ")}\n`);
  }
  const faults = [...(appEmulator ? serverErrors(appEmulator.log).map((f) => `README emulator: ${f}`) : []), ...Object.entries(emulators).flatMap(([env, e]) => e.serverErrors().map((f) => `${env}: ${f}`))];
  if (faults.length > 0) process.stderr.write(`requests the emulators failed:\n${faults.slice(0, 20).join("\n")}\n`);
  const log = [...COMMAND_LOG.map((c) => ({ ...c, where: c.session })), ...RUN_LOG.map((r) => ({ ...r, where: "harness" }))].sort((a, b) => a.startMs - b.startMs);
  process.stderr.write(
    `emulator suite, commands run (start s, duration s, exit, terminal):\n${log.map((r) => `  ${(r.startMs / 1000).toFixed(0).padStart(4)} ${(r.ms / 1000).toFixed(1).padStart(6)} ${r.code} ${r.where.padEnd(8)} ${r.command}`).join("\n")}\n`
  );
  // What the README's last block did not stop (a failed run) is stopped here.
  if (appDir && existsSync(join(appDir, ".envctl", "emulators.json"))) await user.run("npx envctl emulator stop");
  if (exampleDir && existsSync(join(exampleDir, ".envctl", "emulators.json"))) execFileSync(process.execPath, [join(ROOT, "dist", "controller", "cli", "main.js"), "emulator", "stop"], { cwd: exampleDir });
  await emulators.stranger?.stop();
});

describe("the README: install from the packed package, and the quick start", () => {
  it("envctl init from the tarball writes the app, and npm install installs it with the pinned tools", () => {
    for (const result of flows.install) expect(ok(result)).toEqual({ code: 0, output: "" });
    expect(appDir).toMatch(/\/my-app$/);
    expect(readdirSync(appDir)).toEqual(expect.arrayContaining(["package.json", "cdktf.json", "tsconfig.json", ".gitignore", "main.ts", "node_modules", "package-lock.json"]));
    expect(JSON.parse(readFileSync(join(appDir, "package.json"), "utf8")).dependencies["cdktf-envkit"]).toBe("file:../cdktf-envkit/cdktf-envkit-0.1.0.tgz");
    expect(JSON.parse(readFileSync(join(appDir, "node_modules", "typescript", "package.json"), "utf8")).version).toMatch(/^5\.9\./);
  });

  it("synth, check, cost and diff work on the first try", () => {
    const [synth, check, cost, diff] = flows.synth;
    for (const result of flows.synth) expect(ok(result)).toEqual({ code: 0, output: "" });
    expect(readdirSync(join(appDir, "cdktf.out", "stacks")).sort()).toEqual(expect.arrayContaining(["env-dev", "env-prod", "env-staging"]));
    expect(synth.output).not.toMatch(/ENOENT/);
    expect(check.stdout).toMatch(/0 error/);
    expect(cost.stdout).toMatch(/│ dev\s+│ dev\s+│ \$[\d,.]+/);
    expect(diff.stdout).toMatch(/difference\(s\) between staging and prod/);
  });

  it("the offline block points Terraform at the provider mirror", () => {
    if (!process.env.TF_PROVIDER_MIRROR) return expect(flows.offline).toEqual([]);
    for (const result of flows.offline) expect(ok(result)).toEqual({ code: 0, output: "" });
    expect(user.env.TF_CLI_CONFIG_FILE).toBe(join(appDir, "envkit.tfrc"));
    expect(readFileSync(join(appDir, "envkit.tfrc"), "utf8")).toContain(`path    = "${process.env.TF_PROVIDER_MIRROR}"`);
  });
});

describe("the README: the local AWS API, and dev with a preview beside it", () => {
  it("envctl emulator start prints the lines that point the shell at a server of the dev account", async () => {
    expect(ok(flows.deploy[0])).toEqual({ code: 0, output: "" });
    expect(appEmulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect([user.env.AWS_ACCESS_KEY_ID, user.env.AWS_REGION]).toEqual(["testing", "eu-west-1"]);
  });

  it("cdktf deploy brings up env-dev and env-pr-42 at once in one account, each with its own database", async () => {
    expect(ok(flows.deploy[1])).toEqual({ code: 0, output: "" });
    expect(flows.deploy[1].output.match(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/g)).toHaveLength(2);
    const dbs = (await clientsFor(appEmulator).rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [];
    expect(dbs.map((d) => d.DBInstanceIdentifier).sort()).toEqual([`${APP_ORG}-dev`, `${APP_ORG}-pr-42`]);
    expect(new Set(dbs.map((d) => d.DbiResourceId)).size).toBe(2);
  });

  it("envctl status reports both healthy (exit 0)", () => {
    expect(ok(flows.deploy[2])).toEqual({ code: 0, output: "" });
    expect(flows.deploy[2].stdout).toMatch(/│ dev\s+│ dev\s+│ healthy/);
    expect(flows.deploy[2].stdout).toMatch(/│ pr-42\s+│ preview\s+│ healthy/);
  });

  it("the preview came from ENV_PREVIEW alone: a record beside its state with its owner, a range of the preview pool, an expiry in its output", () => {
    const record = JSON.parse(readFileSync(join(appDir, "terraform-state", "lifecycle", "pr-42.json"), "utf8"));
    expect(record).toMatchObject({ environment: "pr-42", tier: "preview", owner: "platform-team" });
    expect(Date.parse(record.expiresAt) - Date.parse(record.createdAt)).toBe(TIER_PROFILES.preview.lifecycle.defaultTtlHours * 3_600_000);
    expect(record.cidr).toMatch(/^10\.(12[89]|13\d|14[0-3])\.\d+\.0\/20$/);
    expect(flows.deploy[1].output).toContain(`expires_at = ${record.expiresAt}`);
  });
});

describe("every deployed environment, through the AWS API", () => {
  beforeAll(() => prodDeployed, 560_000);

  it.each(DEPLOYED)("env-%s: the VPC has its range, and a public and a private subnet per zone of the tier", (env) => {
    const { sizing } = TIER_PROFILES[resolved[env].tier];
    const { vpc, subnets } = inspected[env];
    expect(vpc?.CidrBlock).toBe(resolved[env].cidr);
    expect(subnets).toHaveLength(sizing.availabilityZones * 2);
    const zones = [...new Set(subnets.map((s) => s.AvailabilityZone))].sort();
    expect(zones).toHaveLength(sizing.availabilityZones);
    for (const zone of zones)
      expect(
        subnets
          .filter((s) => s.AvailabilityZone === zone)
          .map((s) => s.Tags?.find((t) => t.Key === "subnet-tier")?.Value)
          .sort()
      ).toEqual(["private", "public"]);
    expect(subnets.every((s) => s.MapPublicIpOnLaunch === false)).toBe(true);
  });

  it.each(DEPLOYED)("env-%s: runs as many NAT gateways as its tier says, and records flow logs of all traffic", (env) => {
    const { sizing } = TIER_PROFILES[resolved[env].tier];
    expect(inspected[env].nats).toHaveLength(sizing.nat === "per-az" ? sizing.availabilityZones : 1);
    expect(inspected[env].flowLogs.map((f) => [f.TrafficType, f.LogDestinationType])).toEqual([["ALL", "cloud-watch-logs"]]);
  });

  it.each(DEPLOYED)("env-%s: the database is PostgreSQL of the tier's class, encrypted, private, backed up and protected as the tier says", (env) => {
    const { sizing, lifecycle } = TIER_PROFILES[resolved[env].tier];
    const db = inspected[env].db!;
    expect({
      engine: db.Engine,
      class: db.DBInstanceClass,
      multiAz: db.MultiAZ,
      encrypted: db.StorageEncrypted,
      kmsKey: db.KmsKeyId,
      public: db.PubliclyAccessible,
      iamAuth: db.IAMDatabaseAuthenticationEnabled,
      backups: db.BackupRetentionPeriod,
      deletionProtection: db.DeletionProtection,
    }).toEqual({
      engine: "postgres",
      class: sizing.dbInstanceClass,
      multiAz: sizing.dbMultiAz,
      encrypted: true,
      kmsKey: inspected[env].key?.Arn,
      public: false,
      iamAuth: true,
      backups: lifecycle.backupRetentionDays,
      deletionProtection: lifecycle.deletionProtection,
    });
  });

  it.each(DEPLOYED)("env-%s: the database publishes Enhanced Monitoring at the tier's granularity through a role RDS assumes (none below staging)", (env) => {
    const seconds = TIER_ALARMS[resolved[env].tier].dbEnhancedMonitoringSeconds;
    const db = inspected[env].db!;
    expect(db.MonitoringInterval ?? 0).toBe(seconds);
    if (seconds === 0) return expect(db.MonitoringRoleArn).toBeUndefined();
    expect(db.MonitoringRoleArn).toMatch(new RegExp(`^arn:aws:iam::\\d{12}:role/${db.DBInstanceIdentifier}-rds-monitoring$`));
  });

  it.each(DEPLOYED)("env-%s: both buckets are encrypted, versioned, private, owner-enforced and TLS-only", (env) => {
    const { prefix } = names(env);
    const data = inspected[env].buckets[`${prefix}-data`];
    const logs = inspected[env].buckets[`${prefix}-access-logs`];
    expect([data.algorithm, data.kmsKey]).toEqual(["aws:kms", inspected[env].key?.Arn]);
    expect(logs.algorithm).toBe("AES256");
    for (const bucket of [data, logs]) {
      expect(bucket.versioning).toBe("Enabled");
      expect(bucket.publicAccessBlock).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.ownership).toBe("BucketOwnerEnforced");
      expect(bucket.policy?.Statement.find((s) => s.Sid === "DenyInsecureTransport")).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    }
  });

  it.each(DEPLOYED)("env-%s: the key rotates; log groups keep the tier's retention under the key; the settings are SecureString parameters", (env) => {
    const { lifecycle } = TIER_PROFILES[resolved[env].tier];
    const { key, keyRotation, logGroups, parameters } = inspected[env];
    const { org, prefix } = names(env);
    expect([key?.KeyState, keyRotation]).toEqual(["Enabled", true]);
    expect(logGroups.length).toBeGreaterThanOrEqual(4);
    for (const group of logGroups) expect([group.logGroupName, group.retentionInDays, group.kmsKeyId]).toEqual([group.logGroupName, lifecycle.logRetentionDays, key?.Arn]);
    const byName = Object.fromEntries(parameters.map((p) => [p.Name, p]));
    expect(byName[`/${org}/${env}/environment/tier`]).toMatchObject({ Type: "SecureString", Value: resolved[env].tier });
    expect(byName[`/${org}/${env}/storage/data-bucket`]?.Value).toBe(`${prefix}-data`);
    // The organization's base and tier layers under the environment's own, a secret as its reference.
    expect(Object.keys(resolved[env].config).length).toBeGreaterThan(0);
    for (const [k, v] of Object.entries(resolved[env].config)) expect(byName[`/${org}/${env}/${k}`]?.Value).toBe(v);
  });

  it.each(DEPLOYED)("env-%s: the alert topic is encrypted with the key, open to the account's alarms and budgets, and subscribes the alert addresses", (env) => {
    const { topic } = inspected[env].monitoring;
    expect(topic?.kmsKey).toBe(inspected[env].key?.Arn);
    expect(topic?.subscriptions).toEqual(resolved[env].alertEmails.map((endpoint) => ({ protocol: "email", endpoint })));
    const publishers = topic?.policy.Statement.find((s) => s.Action === "sns:Publish" || (Array.isArray(s.Action) && s.Action.includes("sns:Publish")));
    expect([publishers?.Principal?.Service].flat().sort()).toEqual(["budgets.amazonaws.com", "cloudwatch.amazonaws.com"]);
    expect(JSON.stringify(publishers?.Condition)).toContain(ACCOUNTS[env]);
  });

  it.each(DEPLOYED)("env-%s: an AWS Budgets budget at the tier's limit alerts the topic at 80% and 100% of actual spend and 100% of the forecast", (env) => {
    const { budget, notifications } = budgetsSeen[env];
    expect([budget?.BudgetLimit?.Amount, budget?.CostFilters?.TagKeyValue]).toEqual([TIER_PROFILES[resolved[env].tier].sizing.monthlyBudgetUsd.toFixed(2), [`user:environment$${env}`]]);
    expect(notifications.map((n) => `${n.notification.NotificationType} ${n.notification.Threshold}`).sort()).toEqual(["ACTUAL 100", "ACTUAL 80", "FORECASTED 100"]);
    for (const { subscribers } of notifications) expect(subscribers).toEqual([{ SubscriptionType: "SNS", Address: inspected[env].monitoring.topic?.arn }]);
  });

  it.each(DEPLOYED)("env-%s: alarms watch the database, each NAT gateway and log delivery at the tier's thresholds, notifying only in staging and prod", (env) => {
    const settings = TIER_ALARMS[resolved[env].tier];
    const { alarms, topic } = inspected[env].monitoring;
    const { prefix } = names(env);
    const byName = Object.fromEntries(alarms.map((a) => [a.name.replace(`${prefix}-`, ""), a]));
    const zoneOf = (subnetId: string | undefined) => inspected[env].subnets.find((s) => s.SubnetId === subnetId)?.AvailabilityZone;
    expect(Object.keys(byName).sort()).toEqual(["db-connections", "db-cpu", "db-free-storage", "log-delivery", ...inspected[env].nats.map((n) => `nat-${zoneOf(n.SubnetId)}-errors`)].sort());
    expect(byName["db-cpu"]).toMatchObject({
      namespace: "AWS/RDS",
      metric: "CPUUtilization",
      threshold: settings.dbCpuPercent,
      period: settings.periodSeconds,
      evaluationPeriods: settings.evaluationPeriods,
      dimensions: { DBInstanceIdentifier: prefix },
    });
    expect(byName["db-connections"]).toMatchObject({ metric: "DatabaseConnections", threshold: settings.dbConnections });
    for (const alarm of alarms) expect([alarm.name, alarm.actionsEnabled, alarm.alarmActions]).toEqual([alarm.name, settings.notify, settings.notify ? [topic?.arn] : []]);
  });

  it.each(DEPLOYED)("env-%s: the dashboard shows every alarm and the metrics behind them", (env) => {
    const { dashboard, alarms } = inspected[env].monitoring;
    expect(dashboard?.widgets[0].properties.alarms).toHaveLength(alarms.length);
    for (const alarm of alarms) expect(dashboard?.widgets[0].properties.alarms).toContainEqual(expect.stringMatching(new RegExp(`:alarm:${alarm.name}$`)));
    expect(dashboard?.widgets.slice(1).flatMap((w) => (w.properties.metrics ?? []).map((m) => m[1]))).toEqual(expect.arrayContaining(["CPUUtilization", "FreeStorageSpace", "DatabaseConnections", "ErrorPortAllocation", "IncomingLogEvents"]));
  });

  it.each(DEPLOYED)("env-%s: every taggable resource carries environment, tier, owner (and its expiry when ephemeral)", (env) => {
    const { tagged } = inspected[env];
    expect(tagged.length).toBeGreaterThan(25);
    const lifecycle = resolved[env].lifecycle;
    const expiry = lifecycle.kind === "ephemeral" ? lifecycle.expiresAt : undefined;
    const missing = tagged.filter(
      ({ tags }) => tags.environment !== env || tags.tier !== resolved[env].tier || tags.owner !== resolved[env].owner || (expiry ? tags["expires-at"] !== expiry || tags["cloud-nuke-after"] !== expiry || !tags["created-at"] : "expires-at" in tags)
    );
    expect(missing.map((m) => `${m.resource}: ${JSON.stringify(m.tags)}`)).toEqual([]);
  });

  it("the account guard refuses to deploy env-dev into another account, before anything is created", async () => {
    await guardDone;
    expect(deploys.guard.code).not.toBe(0);
    expect(deploys.guard.output).toMatch(/AWS account ID not allowed: 999999999999/);
    const aws = clientsFor(emulators.stranger);
    expect((await aws.ec2.send(new DescribeVpcsCommand({}))).Vpcs?.filter((v) => !v.IsDefault)).toEqual([]);
    expect((await aws.s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    expect((await aws.rds.send(new DescribeDBInstancesCommand({}))).DBInstances).toEqual([]);
  });
});

/**
 * After the deploys and the plain synth, two terminals of the README's user:
 * the first reads dev's drift and corrects it; in the second the preview has
 * expired, its drift is read from its record (its expiry guard refuses the
 * plan of its code), and the reaper destroys it. They share no state; neither
 * synthesizes into cdktf.out (a preview is synthesized from its record into
 * an output of each command's own).
 */
let devLane: Promise<void> | undefined;
/** What the API said of dev's damaged settings right after the fix. */
const devSeen = {} as { retention?: number; logLevel?: string };
let previewLane: Promise<void> | undefined;
let previewDataObjects = 0;
function startLanes(): void {
  if (devLane) return;
  const second = user.fork("second");
  devLane = (async () => {
    // Someone changes dev by hand, as in the console: a shorter retention, and a parameter deleted.
    const aws = clientsFor(appEmulator);
    await aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: `/${APP_ORG}/dev/app`, retentionInDays: 1 }));
    await aws.ssm.send(new DeleteParameterCommand({ Name: `/${APP_ORG}/dev/log-level` }));
    await runFlow("drift", user);
    devSeen.retention = (await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/${APP_ORG}/dev/app` }))).logGroups?.[0]?.retentionInDays;
    devSeen.logLevel = (await aws.ssm.send(new GetParameterCommand({ Name: `/${APP_ORG}/dev/log-level`, WithDecryption: true }))).Parameter?.Value;
  })();
  // Two days pass: the preview's record now says it expired an hour ago.
  const path = join(appDir, "terraform-state", "lifecycle", "pr-42.json");
  const record = JSON.parse(readFileSync(path, "utf8"));
  writeFileSync(path, JSON.stringify({ ...record, createdAt: formatUtc(addHours(new Date(), -49)), expiresAt: formatUtc(addHours(new Date(), -1)) }, null, 2));
  previewLane = (async () => {
    // Its drift is read from its record (cdktf.out no longer holds it): none, and its expiry guard refuses the plan of its code.
    extra.expiredDrift = await second.run("npx envctl drift pr-42");
    await putObject(clientsFor(appEmulator), `${APP_ORG}-pr-42-data`, "reports/2026-12-01.csv", "id,total\n1,42\n");
    previewDataObjects = await objectCount(clientsFor(appEmulator), `${APP_ORG}-pr-42-data`);
    await runFlow("reap", second);
  })();
}

describe("the README: a plain synth leaves the preview out of cdktf.out, and the estate still holds it", () => {
  beforeAll(() => readmeLanes, 120_000);

  it("the plain synth succeeds without the preview's stack (no ENOENT from the stack it leaves out)", () => {
    expect(ok(flows.preview[0])).toEqual({ code: 0, output: "" });
    expect(flows.preview[0].output).not.toMatch(/ENOENT|non-zero exit code/);
    expect(readdirSync(join(appDir, "cdktf.out", "stacks")).sort()).toEqual(["env-dev", "env-prod", "env-staging"]);
  });

  it("envctl list still lists pr-42, from its lifecycle record, with its owner and time left", () => {
    expect(ok(flows.preview[1])).toEqual({ code: 0, output: "" });
    expect(flows.preview[1].stdout).toMatch(/pr-42\s+│ preview\s+│ env-pr-42\s+│ platform-team\s+│ ephemeral\s+│ \S+Z\s+│ (1d 2\dh|2d)/);
    expect(flows.preview[1].stdout).toContain("(not in cdktf.out: from its lifecycle record)");
  });
});

describe("the README: drift on dev, read and corrected", () => {
  beforeAll(() => devLane as Promise<void>, 400_000);

  it("envctl drift reports exactly what changed by hand on dev (exit 2), nothing else, though Terraform's refresh reports changed attributes on many resources", () => {
    const [found] = flows.drift;
    expect({ code: found.code, output: found.code === 2 ? "" : tail(found) }).toEqual({ code: 2, output: "" });
    expect(found.stdout).toContain("dev (dev): DRIFTED, 2 resource(s) changed outside Terraform");
    expect(found.stdout).toMatch(/changed env-dev: aws_cloudwatch_log_group\.\S+\n\s+retention_in_days: 14 -> 1/);
    expect(found.stdout).toMatch(/deleted env-dev: aws_ssm_parameter\.\S+/);
    expect(found.stdout).not.toMatch(/configuration changed since the last deploy/);
    expect(found.stdout).toMatch(/ignored in env-dev: \d\d resource\(s\) whose only changes are provider noise/);
  });

  it("envctl drift --fix --yes shows the plan that restores them before applying it, and nothing more", () => {
    const [, fixed] = flows.drift;
    expect(ok(fixed)).toEqual({ code: 0, output: "" });
    expect(fixed.stdout).toContain("plan that restores env-dev (targeted at the resources that drifted):");
    expect(fixed.stdout).toMatch(/Plan: 1 to add, 1 to change, 0 to destroy/);
    expect(fixed.stdout.indexOf("Plan: 1 to add")).toBeLessThan(fixed.stdout.indexOf("drift corrected: the plan shown above is applied"));
    expect([devSeen.retention, devSeen.logLevel]).toEqual([TIER_PROFILES.dev.lifecycle.logRetentionDays, resolved.dev.config["log-level"]]);
  });
});

describe("the README: the expired preview is reaped from its record", () => {
  beforeAll(() => previewLane as Promise<void>, 400_000);

  it("reads the expired preview's drift from its record (cdktf.out no longer holds it): none, and its expiry guard refuses the plan of its code, so its deploy", () => {
    const found = extra.expiredDrift;
    expect(ok(found)).toEqual({ code: 0, output: "" });
    expect(found.output).toContain("pr-42: reading drift");
    expect(found.stdout).toContain("pr-42 (preview): no drift");
    expect(found.stdout).toMatch(/ignored in env-pr-42: \d\d resource\(s\) whose only changes are provider noise/);
    expect(found.stdout.replace(/\s+/g, " ")).toMatch(/changes from the code not read \(env-pr-42\): Environment pr-42 expired at \S+, so its deploy is refused \(the expiry guard stops its plan\)/);
  });

  it("the dry run names the preview (to be synthesized from its record) and keeps every other environment, with its reason", () => {
    const [dry] = flows.reap;
    expect(ok(dry)).toEqual({ code: 0, output: "" });
    expect(dry.stdout).toMatch(/1\. pr-42 \(preview, expired \S+\): would destroy its stacks, synthesized from its lifecycle record \(not in cdktf\.out\)/);
    expect(dry.stdout).toContain("kept dev: persistent");
    expect(dry.stdout).toContain("kept staging: deletion protection is on");
    expect(dry.stdout).toContain("kept prod: prod is never reaped");
  });

  it("envctl reap --yes destroys it through Terraform for real: nothing of it is left, its data included", async () => {
    const [, reap] = flows.reap;
    expect(ok(reap)).toEqual({ code: 0, output: "" });
    expect(reap.stdout).toContain("destroyed pr-42");
    expect(reap.output).toContain("pr-42: synthesizing from its lifecycle record (not in cdktf.out)");
    expect(previewDataObjects).toBeGreaterThan(0);
    expect(await leftovers(clientsFor(appEmulator), names("pr-42"))).toEqual([]);
    const log = readFileSync(join(appDir, "terraform-state", "lifecycle", "reap.log"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(log).toEqual([expect.objectContaining({ environment: "pr-42", outcome: "destroyed", stacks: ["env-pr-42"] })]);
  });

  it("envctl list then shows the preview as destroyed, when and by whom, and no longer as live", () => {
    const [, , list] = flows.reap;
    expect(ok(list)).toEqual({ code: 0, output: "" });
    expect(list.stdout).toMatch(/Destroyed:\n {2}pr-42 \(preview, owner platform-team\): destroyed at \S+Z by envctl reap \(\S+\)/);
    expect(list.stdout).not.toMatch(/│ pr-42 /);
  });
});

describe("the README: teardown", () => {
  beforeAll(async () => {
    await Promise.all([devLane, previewLane]);
    await runFlow("teardown", user);
  }, 400_000);

  it("envctl emulator stop stops the server and unsets what start exported", async () => {
    expect(ok(flows.teardown[0])).toEqual({ code: 0, output: "" });
    expect(user.env.AWS_ENDPOINT_URL).toBeUndefined();
    expect(existsSync(join(appDir, ".envctl", "emulators.json"))).toBe(false);
    await expect(fetch(appEmulator.endpoint)).rejects.toThrow();
    expect(serverErrors(appEmulator.log)).toEqual([]);
  });

  it("ran every flow the README shows", () => {
    expect(Object.keys(flows).sort()).toEqual([...FLOW_IDS].sort());
  });
});

describe("docs/rollout.md: up, promote behind soak time and approvals, the gate on a change, rollback and down", () => {
  const ledger = (env: string) => JSON.parse(readFileSync(join(exampleDir, "terraform-state", "releases", `${env}.json`), "utf8"));
  beforeAll(() => walkthroughDone, 560_000);

  it("envctl up dev staging brings both up side by side, each in its account, healthy, and records the release with its commit", () => {
    const [start, up] = rollout["rollout-up"];
    expect(ok(start)).toEqual({ code: 0, output: "" });
    expect(ok(up)).toEqual({ code: 0, output: "" });
    for (const env of ["dev", "staging"]) expect(up.stdout).toMatch(new RegExp(`│ ${env}\\s+│ env-${env}\\s+│ deployed │ \\S+\\s+│ \\+\\d{2} ~0 -0\\s+│ rel-[0-9a-f]{12} │`));
    // Side by side: both started before either was done.
    const lines = up.output.split("\n");
    const firstDone = lines.findIndex((l) => / deployed rel-/.test(l));
    expect([lines.findIndex((l) => l.startsWith("dev: deploying env-dev")), lines.findIndex((l) => l.startsWith("staging: deploying env-staging"))].every((i) => i >= 0 && i < firstDone)).toBe(true);
    expect(up.output).toMatch(/staging: deployed rel-[0-9a-f]{12}, healthy \(\d+ checks\)/);
    const [deployment] = ledger("staging").deployments;
    expect(deployment).toMatchObject({ release: firstRelease, revision: { commit: commits[0], dirty: false }, deployedBy: "dev@example.com", stacks: ["env-staging"], healthyAt: expect.stringMatching(/Z$/) });
  });

  it("promoting at once is refused, naming the soak time and the approvals missing, and records nothing", () => {
    const [refused] = rollout["rollout-refused"];
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(new RegExp(`release ${firstRelease} has been healthy in staging for \\S+; prod requires 1d healthy in staging: promote after \\S+Z`));
    expect(refused.stdout).toContain(`prod requires 2 approvals of release ${firstRelease} by people other than the promoter (dev@example.com); it has 0 (none): envctl approve prod --release ${firstRelease}`);
  });

  it("after two approvals (and no soak time), a third person promotes; the promotion is an audit record; envctl up prod deploys that release", () => {
    const [plan, exported, alice, bob, promote] = rollout["rollout-promote"];
    // The plan synthesized first: prod's release is the one staging runs, and not promoted yet.
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/1\. deploy env-prod \(prod, aws\)\n2\. deploy env-prod-k8s \(prod, kubernetes\), after env-prod/);
    expect(plan.stdout).toContain(`refused prod: release ${firstRelease} is not promoted to prod (tier prod deploys only promoted releases): no release has been promoted to prod yet.`);
    for (const result of [exported, alice, bob, promote]) expect(ok(result)).toEqual({ code: 0, output: "" });
    expect(alice.stdout).toContain(`approved: ${firstRelease} for prod by alice (1 of 2`);
    expect(bob.stdout).toContain(`approved: ${firstRelease} for prod by bob (2 of 2`);
    expect(promote.stdout).toContain(`promoted ${firstRelease} from staging to prod by carol, approved by alice and bob. Deploy it: envctl up prod`);
    const [up] = rollout["rollout-prod"];
    expect(ok(up)).toEqual({ code: 0, output: "" });
    expect(up.stdout).toMatch(new RegExp(`│ prod\\s+│ env-prod\\s+│ deployed │ \\S+\\s+│ \\+\\d{2} ~0 -0\\s+│ ${firstRelease} │`));
    const prod = ledger("prod");
    expect(prod.promotions[0]).toMatchObject({ release: firstRelease, from: "staging", by: "carol", approvers: ["alice", "bob"], rollback: false });
    expect(prod.deployments[0]).toMatchObject({ release: firstRelease, revision: { commit: commits[1], dirty: false }, healthyAt: expect.any(String) });
  });

  it("envctl down dev destroys dev (its Kubernetes stack, never deployed, skipped): nothing of it is left", async () => {
    const [down] = rollout["rollout-down"];
    expect(ok(down)).toEqual({ code: 0, output: "" });
    expect(down.stdout).toMatch(/│ dev\s+│ env-dev\s+│ destroyed │ \S+\s+│ \d{2}\s+│/);
    expect(down.stdout).toContain("dev destroyed: env-dev-k8s: nothing deployed (its state holds no resource), skipped");
    expect(await leftovers(clientsFor(emulators.exampleDev), { prefix: `${EXAMPLE_ORG}-dev`, org: EXAMPLE_ORG, env: "dev" })).toEqual([]);
  });

  it("a change not promoted is refused for prod by envctl up (before Terraform runs) and by cdktf deploy (at its guard, before anything else changes)", () => {
    const [up, , deploy] = rollout["rollout-change"];
    expect(up.code).toBe(1);
    expect(up.stdout).toMatch(/│ prod\s+│ env-prod\s+│ refused/);
    expect(up.stdout.replace(/\s+/g, " ")).toContain(`the release last promoted to prod is ${firstRelease} (from staging at`);
    expect(up.output).not.toMatch(/terraform apply/);
    expect(deploy.code).not.toBe(0);
    const text = deploy.output.replace(/\s*│\s*/g, " ").replace(/\s+/g, " ");
    expect(text).toContain("Error: Resource postcondition failed");
    expect(text).toMatch(new RegExp(`env-prod: release rel-[0-9a-f]{12} is not promoted to prod \\(tier prod deploys only promoted releases\\): the release last promoted to prod is ${firstRelease}`));
    // The plan shows the change; the apply created the guard alone, and changed nothing else.
    expect(text).toContain("NOT PROMOTED");
    expect([...deploy.output.matchAll(/(\S+): (Creating|Modifying|Destroying)\.\.\./g)].map((m) => m[1])).toEqual([expect.stringMatching(/^terraform_data\.promotion_gate/)]);
    expect(deploy.output).not.toMatch(/Apply complete!/);
  });

  it("staging takes the new release; promoting the first one again is a rollback; the history shows all of it; prod refuses a teardown", () => {
    const [staging, rollback, history, down] = rollout["rollout-rollback"];
    expect(ok(staging)).toEqual({ code: 0, output: "" });
    const second = ledger("staging").deployments.at(-1).release;
    expect(second).not.toBe(firstRelease);
    expect(ok(rollback)).toEqual({ code: 0, output: "" });
    expect(rollback.stdout).toContain(`promoted ${firstRelease} from staging to prod (a rollback: an older release of staging) by carol, approved by alice and bob`);
    expect(ledger("prod").promotions.map((p: { release: string; rollback: boolean }) => [p.release, p.rollback])).toEqual([
      [firstRelease, false],
      [firstRelease, true],
    ]);
    expect(ok(history)).toEqual({ code: 0, output: "" });
    const rows = history.stdout
      .split("\n")
      .filter((l) => /^│ \d{4}-/.test(l))
      .map((l) =>
        l
          .split("│")
          .map((c) => c.trim())
          .slice(2, 5)
          .join(" ")
      );
    expect(rows).toEqual([`promotion ${firstRelease} carol`, `deploy ${firstRelease} dev@example.com`, `promotion ${firstRelease} carol`, `approval ${firstRelease} bob`, `approval ${firstRelease} alice`]);
    expect(history.stdout).toContain("from staging (rollback)");
    expect(down.code).toBe(1);
    expect(down.stdout).toContain("prod refused: tier prod keeps its data (deletion protection)");
  });

  it("ran every flow of the walk-through", () => {
    expect(Object.keys(rollout)).toEqual([...ROLLOUT_FLOW_IDS]);
  });
});

describe("staging and prod of the example organization", () => {
  let results: ExampleResults;
  beforeAll(async () => {
    await walkthroughDone;
    results = exampleResults as ExampleResults;
  }, 560_000);

  it.each(PROTECTED)("env-%s: no drift right after the deploy, and no change pending (what the API reports reads back as declared)", (env) => {
    const { drift } = results[env];
    expect(ok(drift)).toEqual({ code: 0, output: "" });
    const [report] = JSON.parse(drift.stdout).environments;
    expect(report).toMatchObject({ name: env, drifted: false });
    expect([report.stacks[0].drifted, report.stacks[0].pending]).toEqual([[], []]);
  });

  it.each(PROTECTED)("env-%s: envctl status reports it healthy, every component checked", (env) => {
    const { status } = results[env];
    expect(ok(status)).toEqual({ code: 0, output: "" });
    const report = JSON.parse(status.stdout);
    expect(report.environments[0]).toMatchObject({ name: env, healthy: true });
    expect(report.environments[0].checks.map((c: { component: string }) => c.component)).toEqual(expect.arrayContaining(["vpc", "subnets", "nat", "flow-logs", "key", "bucket", "database", "log-group", "parameters", "alarms"]));
  });

  it.each(PROTECTED)("env-%s: refuses to destroy its data, names what protects it, and deletes nothing", async (env) => {
    const { destroy, plan, objects } = results[env];
    expect(destroy.code).not.toBe(0);
    expect(destroy.output).not.toMatch(/Destroy complete/);
    expect(plan.code).not.toBe(0);
    expect(plan.output.replace(/\s+/g, " ")).toMatch(/Instance cannot be destroyed .* lifecycle\.prevent_destroy/);
    const aws = clientsFor(emulators[env]);
    const db = (await aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: `${EXAMPLE_ORG}-${env}` }))).DBInstances?.[0];
    expect([db?.DBInstanceStatus, db?.DeletionProtection]).toEqual(["available", true]);
    expect(((await aws.s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name).sort()).toEqual([`${EXAMPLE_ORG}-${env}-access-logs`, `${EXAMPLE_ORG}-${env}-data`]);
    expect(objects).toBeGreaterThan(0);
    expect(await objectCount(aws, `${EXAMPLE_ORG}-${env}-data`)).toBe(objects);
  });

  it("no emulator failed a request", () => {
    for (const emulator of [emulators.exampleDev, emulators.staging, emulators.prod]) expect(emulator.serverErrors()).toEqual([]);
  });
});
