import { App, DISABLE_STACK_TRACE_IN_METADATA, type AppConfig } from "cdktf";
import { NODE_FS } from "../../lib/core/fs";
import { systemClock, type Clock } from "../../lib/core/time";
import { EnvironmentSpecError } from "../../lib/environments/errors";
import { resolveEnvironments } from "../../lib/environments/resolve";
import { BUILT_IN_TEMPLATE_REQUIREMENTS, type TemplateRequirements } from "../../lib/environments/kubernetes";
import type { ServiceTemplate } from "../../lib/constructs/kubernetes/templates";
import type { KubernetesStack } from "../kubernetes-stack";
import { planPreview, PREVIEW_VARIABLE, type PreviewTemplate } from "../../lib/lifecycle/previews";
import { lifecycleStore, type LifecycleRecord } from "../../lib/lifecycle/records";
import type { EnvironmentSpec, OrgDefaults, ResolvedEnvironment } from "../../lib/environments/types";
import { enforcePolicies } from "../synth/aspect";
import type { PolicyOptions } from "../synth/evaluate-stack";
import { EnvironmentStack, environmentStackId, type StackRelease } from "../environment-stack";
import { libraryVersion } from "../../lib/core/version";
import { formatUtc } from "../../lib/core/time";
import { releaseOf } from "../../lib/releases/digest";
import { BREAK_GLASS_VARIABLE, promotionGate } from "../../lib/releases/gate";
import { identityOf } from "../../lib/releases/identity";
import { ledgerStore, type LedgerStore } from "../../lib/releases/ledger";
import { promotionPolicyOf } from "../../lib/releases/promotion";
import { environmentEntry, ONLY_VARIABLE, recordDeclaredOnly, recordPreviews } from "./manifest";
import { assertOutputFolders, outputDirState } from "./output-dir";
import { withShortCreationStacks } from "./cdktf-internals";
import { rememberOutputDirState, synthesizeAll, withCommit } from "./synthesize";

/**
 * A cdktf `App` whose `synth()` is all or nothing (see `synthesizeAll`): it
 * validates every stack before writing, writes the environment manifest, and
 * leaves the previous output untouched on failure.
 */
export class EnvironmentApp extends App {
  constructor(config: AppConfig = {}) {
    const outdir = config.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
    // cdktf's App creates the output folder and its stacks/ at once: a file in their place is refused before it tries.
    assertOutputFolders(outdir);
    const before = outputDirState(outdir);
    super(config);
    // cdktf records the JavaScript stack of every warning in manifest.json, with the checkout's absolute paths: the output would differ wherever it is built.
    if (this.node.tryGetContext(DISABLE_STACK_TRACE_IN_METADATA) === undefined) this.node.setContext(DISABLE_STACK_TRACE_IN_METADATA, true);
    rememberOutputDirState(this, before);
  }

  override synth(): void {
    synthesizeAll(this);
  }
}

/**
 * Resolves and validates every spec first (throwing one `EnvironmentSpecError`
 * with every problem), then adds one `EnvironmentStack` per environment to
 * `app`, each checked by the policies at synth. Nothing is added when any spec is invalid.
 */
export function defineEnvironments(app: App, org: OrgDefaults, specs: readonly EnvironmentSpec[], policy?: PolicyOptions): EnvironmentStack[] {
  const environments = resolveEnvironments(org, specs);
  return addEnvironmentStacks(app, environments, policy, [], releasesOf(app, org, environments, {})).stacks;
}

/**
 * The release of each environment and what its promotion gate finds in the
 * release ledger. A break-glass reason lifts the gate of every refused
 * environment; each lifting is recorded in its ledger with the synth's output
 * (both or neither).
 */
function releasesOf(app: App, org: OrgDefaults, environments: readonly ResolvedEnvironment[], options: Pick<EnvironmentAppOptions, "releaseDirectory" | "env" | "clock">, all: readonly ResolvedEnvironment[] = environments): Map<string, StackRelease> {
  const env = options.env ?? process.env;
  const store: LedgerStore = ledgerStore(NODE_FS, process.cwd(), options.releaseDirectory);
  const breakGlass = env[BREAK_GLASS_VARIABLE]?.trim() || undefined;
  const source = all.find((e) => e.tier === "staging")?.name;
  const releases = new Map<string, StackRelease>();
  for (const environment of environments) {
    const ref = releaseOf(environment, org, libraryVersion());
    const policy = promotionPolicyOf(environment.tier, org.promotion);
    const ledger = policy.requiresPromotion ? store.read(environment.name) : undefined;
    const gate = ledger ? promotionGate(environment.name, environment.tier, ref, ledger, policy, source === environment.name ? undefined : source) : undefined;
    const lifted = gate?.refusal !== undefined && breakGlass !== undefined;
    releases.set(environment.name, { id: ref.id, digest: ref.digest, policy, promoted: gate?.promoted ?? false, lastPromoted: gate?.last?.release, refusal: lifted ? undefined : gate?.refusal, breakGlass: lifted ? breakGlass : undefined });
    if (lifted && ledger) {
      const by = identityOf(env, process.cwd())?.name ?? "unknown";
      const at = formatUtc((options.clock ?? systemClock)());
      withCommit(app, { write: () => store.write({ ...store.read(environment.name), breakGlass: [...(store.read(environment.name).breakGlass ?? []), { release: ref.id, reason: breakGlass, by, at }] }), undo: () => store.write(ledger) });
    }
  }
  return releases;
}

/**
 * The AWS stack of every environment, and the Kubernetes stack of each that
 * names a cluster. The Kubernetes stack's module (and the Kubernetes
 * provider) is loaded only then: an AWS-only app never loads it.
 */
function addEnvironmentStacks(
  app: App,
  environments: readonly ResolvedEnvironment[],
  policy: PolicyOptions | undefined,
  templates: readonly ServiceTemplate[],
  releases: ReadonlyMap<string, StackRelease>
): { stacks: EnvironmentStack[]; kubernetesStacks: KubernetesStack[] } {
  const stacks: EnvironmentStack[] = [];
  const kubernetesStacks: KubernetesStack[] = [];
  withShortCreationStacks(() => {
    for (const environment of environments) {
      const stack = new EnvironmentStack(app, { environment, release: releases.get(environment.name) });
      enforcePolicies(stack, environment.tier, policy);
      stacks.push(stack);
      if (environment.kubernetes) {
        const { KubernetesStack: Stack } = require("../kubernetes-stack") as typeof import("../kubernetes-stack");
        const k8s = new Stack(app, { environment, awsStack: stack, templates });
        enforcePolicies(k8s, environment.tier, policy);
        kubernetesStacks.push(k8s);
      }
    }
  });
  return { stacks, kubernetesStacks };
}

/** What resolution needs to know of the templates: the built-in ones and the app's. */
function templateRequirements(templates: readonly ServiceTemplate[]): ReadonlyMap<string, TemplateRequirements> {
  return new Map([...BUILT_IN_TEMPLATE_REQUIREMENTS, ...templates.map((t) => [t.name, { needsPort: t.needsPort }] as const)]);
}

/** Options of `createEnvironmentApp`. */
export interface EnvironmentAppOptions {
  /** cdktf app settings (`outdir`, context...). @default - cdktf's defaults */
  readonly app?: AppConfig;
  /** Policy rules, waivers and clock for every stack. @default - the built-in packs */
  readonly policy?: PolicyOptions;
  /**
   * What every preview shares. With it, `ENV_PREVIEW=<name>` in the environment adds the preview `<name>`.
   * @default - no previews: ENV_PREVIEW is an error
   */
  readonly previews?: PreviewTemplate;
  /**
   * Where lifecycle records (previews' creation, renewals) live, relative to the working directory.
   * @default "terraform-state/lifecycle"
   */
  readonly lifecycleDirectory?: string;
  /**
   * Where release ledgers (deploys, approvals, promotions) live, relative to the working directory.
   * @default "terraform-state/releases"
   */
  readonly releaseDirectory?: string;
  /**
   * Environment variables (ENV_PREVIEW, ENVKIT_BREAK_GLASS, the CI's actor).
   * @default - process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Service templates specs may name besides the built-in "web" and "worker" (see `ServiceTemplate`).
   * @default - the built-in templates
   */
  readonly serviceTemplates?: readonly ServiceTemplate[];
  /**
   * The clock, read only when a preview is created.
   * @default - the system clock
   */
  readonly clock?: Clock;
}

/** What `createEnvironmentApp` returns. */
export interface EnvironmentAppResult {
  readonly app: EnvironmentApp;
  /** The AWS stack of every environment, `env-<name>`. */
  readonly stacks: EnvironmentStack[];
  /** The Kubernetes stack of every environment that names a cluster, `env-<name>-k8s`. */
  readonly kubernetesStacks: KubernetesStack[];
}

/**
 * Validates every spec, and only then creates the app (whose constructor
 * creates the output directory) with one stack per environment: invalid specs
 * leave no `cdktf.out` behind.
 */
export function createEnvironmentApp(org: OrgDefaults, specs: readonly EnvironmentSpec[], options: EnvironmentAppOptions = {}): EnvironmentAppResult {
  const env = options.env ?? process.env;
  const store = lifecycleStore(NODE_FS, process.cwd(), options.lifecycleDirectory);
  const records = store.readAll();
  const preview = previewOf(env, options, specs, records, org);
  const all = preview ? [...specs, preview.spec] : specs;
  const templates = options.serviceTemplates ?? [];
  const environments = resolveEnvironments(org, all, { renewals: records, serviceTemplates: templateRequirements(templates) });
  const app = new EnvironmentApp(options.app);
  if (options.previews) {
    const role = org.deployRole?.replaceAll("{account}", options.previews.account);
    recordPreviews(app, { account: options.previews.account, ...(org.region ? { region: org.region } : {}), ...(role ? { deployRole: role } : {}) });
  }
  // A new preview's creation is recorded with its synth's output (both or neither), so that every later synth finds the same expiry.
  const record = preview?.newRecord;
  if (record) withCommit(app, { write: () => store.write(record), undo: () => store.remove(record.environment) });
  const selected = selectedEnvironments(environments, env);
  if (selected.length < environments.length) {
    const left = environments.filter((e) => !selected.includes(e));
    recordDeclaredOnly(app, {
      environments: left.map((e) => ({
        ...environmentEntry(e),
        // The Kubernetes stack's id is written out, as the manifest's writer does, so that a partial synth never loads the Kubernetes provider's module.
        stacks: [{ name: environmentStackId(e.name), kind: "aws" as const }, ...(e.kubernetes ? [{ name: `${environmentStackId(e.name)}-k8s`, kind: "kubernetes" as const }] : [])],
        promotion: promotionPolicyOf(e.tier, org.promotion),
      })),
      order: environments.map((e) => e.name),
    });
  }
  return { app, ...addEnvironmentStacks(app, selected, options.policy, templates, releasesOf(app, org, selected, { ...options, env }, environments)) };
}

/**
 * The environments `ENVKIT_ONLY` names (a comma-separated list), all of them
 * when it is unset or empty: a command, or a CI job, synthesizes only what it
 * acts on, and pays for one environment in an estate of a thousand as in an
 * estate of four. Every environment is still resolved and checked against the
 * others (ranges, names), and listed in the manifest.
 */
function selectedEnvironments(environments: readonly ResolvedEnvironment[], env: Readonly<Record<string, string | undefined>>): readonly ResolvedEnvironment[] {
  const names = (env[ONLY_VARIABLE] ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  if (names.length === 0) return environments;
  const unknown = names.filter((n) => !environments.some((e) => e.name === n));
  if (unknown.length > 0) {
    throw new EnvironmentSpecError(unknown.map((name) => ({ environment: name, field: ONLY_VARIABLE, message: `names an environment the app does not declare; it declares ${environments.map((e) => e.name).join(", ")}` })));
  }
  return environments.filter((e) => names.includes(e.name));
}

/** The preview `ENV_PREVIEW` names, if any; refused when the app has no preview template. */
function previewOf(env: Readonly<Record<string, string | undefined>>, options: EnvironmentAppOptions, specs: readonly EnvironmentSpec[], records: ReadonlyMap<string, LifecycleRecord>, org: OrgDefaults | undefined) {
  const name = env[PREVIEW_VARIABLE];
  if (name === undefined || name === "") return undefined;
  if (!options.previews) {
    throw new EnvironmentSpecError([
      { environment: name, field: PREVIEW_VARIABLE, message: "is set, but the app declares no preview template; pass createEnvironmentApp(org, specs, { previews: { account, availabilityZones } }), or unset ENV_PREVIEW" },
    ]);
  }
  if (specs.some((s) => s?.name === name)) {
    throw new EnvironmentSpecError([{ environment: name, field: PREVIEW_VARIABLE, message: `names an environment the app declares; a preview needs a name of its own, such as pr-123` }]);
  }
  return planPreview(name, options.previews, specs, records, env, options.clock ?? systemClock, typeof org?.owner === "string" ? org.owner : undefined);
}
