/**
 * `envctl init`: a new app repository that works on the first try. The
 * versions it pins are the ones this release of the library is built and
 * tested with (its own package.json), so that `npm install` never picks an
 * incompatible major (TypeScript 7 has no compiler API for ts-node).
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { EnvkitInputError } from "../../lib/core/errors";
import { NODE_FS, writeFileAtomic } from "../../lib/core/fs";
import { libraryPackage, PACKAGE_NAME } from "../../lib/core/version";
import type { CoreName } from "../../lib/core/flavour";

/** What `envctl init` is told. */
export interface ScaffoldOptions {
  /** The directory of the new app repository (created when missing), relative to `cwd`. */
  readonly directory: string;
  /** What relative paths are relative to. @default process.cwd() */
  readonly cwd?: string;
  /**
   * Where npm installs cdktf-envkit from: a version range, a packed tarball
   * or a checkout (a path, made relative to the app), or a git URL.
   * @default - `^<this version>` from the registry
   */
  readonly from?: string;
  /**
   * The organization's name: the prefix of every bucket, parameter and stack resource name.
   * @default - the directory's name, made DNS-safe
   */
  readonly organization?: string;
  /** Replace files that exist. @default false */
  readonly force?: boolean;
  /** The core the app runs on: cdktf (AWS provider 5, Node.js 20) or its fork CDK Terrain, `cdktn` (AWS provider 6, Node.js 22). @default "cdktf" */
  readonly core?: CoreName;
}

/**
 * The CDK Terrain packages an app on `cdktf-envkit/cdktn` pins: the versions
 * __tests__/cdktn/ installs and synthesizes the example organization with.
 * They are not among this package's own dependencies, which stay on Node.js 20.
 */
export const CDKTN_PACKAGES = Object.freeze({
  dependencies: { "@cdktn/provider-aws": "25.7.0", cdktn: "0.24.0", constructs: "10.7.0" },
  devDependencies: { "@types/node": "22.20.7", "cdktn-cli": "0.24.0" },
  /** cdktn-cli 0.24's engines. */
  node: ">=22.19.0",
});

/** The files of a new app, by path relative to its directory. */
export function scaffoldFiles(options: ScaffoldOptions): Record<string, string> {
  const cwd = options.cwd ?? process.cwd();
  const directory = resolve(cwd, options.directory);
  const name = dnsLabel(basename(directory)) || "envkit-app";
  const organization = options.organization ?? (dnsLabel(basename(directory)).slice(0, 20).replace(/-+$/, "") || "acme");
  const pkg = libraryPackage();
  const pin = (dependency: string) => {
    const version = pkg.devDependencies[dependency];
    if (!version) throw new Error(`package.json of ${PACKAGE_NAME} names no version of ${dependency}`);
    return version;
  };
  const library = { [PACKAGE_NAME]: librarySpec(options.from, cwd, directory, pkg.version) };
  const tools = { "ts-node": pin("ts-node"), typescript: pin("typescript") };
  const onCdktn = options.core === "cdktn";
  const cli = onCdktn ? "cdktn" : "cdktf";
  const packageJson = {
    name,
    version: "0.1.0",
    private: true,
    description: `The environments of ${organization}, declared with ${PACKAGE_NAME}`,
    ...(onCdktn ? { engines: { node: CDKTN_PACKAGES.node } } : {}),
    scripts: { synth: `${cli} synth`, typecheck: "tsc --noEmit", check: `${cli} synth && envctl check` },
    dependencies: onCdktn ? sortedKeys({ ...CDKTN_PACKAGES.dependencies, ...library }) : { "@cdktf/provider-aws": pin("@cdktf/provider-aws"), cdktf: pin("cdktf"), ...library, constructs: pin("constructs") },
    devDependencies: onCdktn ? sortedKeys({ ...CDKTN_PACKAGES.devDependencies, ...tools }) : { "@types/node": pin("@types/node"), "cdktf-cli": pin("cdktf-cli"), ...tools },
  };
  const cdktfJson = { language: "typescript", app: "node -r ts-node/register/transpile-only main.ts", sendCrashReports: "false", terraformProviders: [], terraformModules: [], context: {} };
  const tsconfig = {
    compilerOptions: { target: "ES2022", module: "commonjs", moduleResolution: "node", lib: ["ES2022"], strict: true, esModuleInterop: true, skipLibCheck: true, types: ["node"] },
    include: ["**/*.ts"],
    exclude: ["node_modules", "cdktf.out", ".envctl"],
  };
  return {
    "package.json": json(packageJson),
    "cdktf.json": json(cdktfJson),
    "tsconfig.json": json(tsconfig),
    ".gitignore": ["node_modules/", "cdktf.out/", "terraform-state/", ".envctl/", "*.tfplan", ""].join("\n"),
    "main.ts": mainTs(organization, onCdktn ? "cdktn" : "cdktf"),
  };
}

/**
 * Writes the scaffold into its directory. Nothing is written when a file
 * exists (every such file is named) unless `force`; returns the paths written.
 */
export function writeScaffold(options: ScaffoldOptions): string[] {
  const directory = resolve(options.cwd ?? process.cwd(), options.directory);
  if (existsSync(directory) && !statSync(directory).isDirectory()) throw new EnvkitInputError(`${options.directory} exists and is not a directory; name a new or existing directory for the app.`);
  const files = scaffoldFiles(options);
  const existing = Object.keys(files).filter((file) => existsSync(join(directory, file)));
  if (existing.length > 0 && !options.force) {
    throw new EnvkitInputError(`${options.directory} already has ${existing.join(", ")}; nothing was written. Move them away, or pass --force to replace them.`);
  }
  mkdirSync(directory, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileAtomic(NODE_FS, join(directory, file), content);
  return Object.keys(files);
}

/** What package.json depends on: a range as given, a local path relative to the app (`file:`), a URL as given. */
function librarySpec(from: string | undefined, cwd: string, directory: string, version: string): string {
  if (from === undefined) return `^${version}`;
  if (/^(file:|git\+|git:|github:|https?:)/.test(from) || /^[~^<>=\d*]/.test(from)) return from;
  if (from.startsWith(".") || from.startsWith("/") || from.endsWith(".tgz")) {
    const path = resolve(cwd, from);
    if (!existsSync(path)) throw new EnvkitInputError(`--from ${from}: no such file or directory; give the path of a packed cdktf-envkit (npm pack) or of a checkout, a version range, or a git URL.`);
    const rel = relative(directory, path).split("\\").join("/");
    return `file:${isAbsolute(rel) ? rel : rel.startsWith(".") ? rel : `./${rel}`}`;
  }
  return from;
}

function dnsLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "");
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const sortedKeys = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

function mainTs(organization: string, core: CoreName): string {
  const entry = core === "cdktn" ? `${PACKAGE_NAME}/cdktn` : PACKAGE_NAME;
  return `// The environments of ${organization}, declared with cdktf-envkit${core === "cdktn" ? " on CDK Terrain (cdktn; docs/cdktn.md)" : ""}.
// Each environment becomes its own stack: \`npx ${core} synth\` writes them to cdktf.out/,
// \`npx ${core} deploy env-dev\` deploys one. The guides are in node_modules/cdktf-envkit/docs/:
// environments.md (every field), tiers.md (what each tier gets), lifecycle.md (previews,
// expiry, reaping, drift), policies.md (the checks that stop an insecure synth).
import { createEnvironmentApp, runApp, synthesizeAll, type EnvironmentSpec, type OrgDefaults } from "${entry}";

/** What every environment starts from. */
const organization: OrgDefaults = {
  organization: "${organization}",
  region: "eu-west-1",
  owner: "platform-team",
  costCentre: "cc-0000",
  alertEmails: ["platform@example.com"],
  // Settings published to every environment's SSM parameters; a tier or an environment changes what it needs.
  config: { base: { "log-level": "info" }, tiers: { dev: { "log-level": "debug" } } },
};

const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

/** Replace the account ids with yours: Terraform refuses credentials of any other account. */
const environments: EnvironmentSpec[] = [
  {
    name: "dev",
    tier: "dev",
    account: "111111111111",
    availabilityZones: zones,
    cidr: "10.10.0.0/16",
    lifecycle: { kind: "persistent", reason: "shared development environment" },
  },
  {
    name: "staging",
    tier: "staging",
    account: "222222222222",
    availabilityZones: zones,
    cidr: "10.20.0.0/16",
    lifecycle: { kind: "persistent", reason: "rehearses every prod release" },
  },
  {
    name: "prod",
    tier: "prod",
    account: "333333333333",
    availabilityZones: zones,
    cidr: "10.30.0.0/16",
    lifecycle: { kind: "persistent", reason: "serves customers" },
  },
];

runApp(() => {
  const { app } = createEnvironmentApp(organization, environments, {
    // ENV_PREVIEW=pr-123 adds the short-lived environment pr-123 (tier preview) without a change here;
    // it expires after two days, and \`npx envctl reap --yes\` destroys it then.
    previews: { account: "111111111111", availabilityZones: zones },
  });
  synthesizeAll(app);
});
`;
}
