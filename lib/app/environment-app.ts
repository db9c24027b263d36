import { App, type AppConfig } from "cdktf";
import { NODE_FS } from "../core/fs";
import { systemClock, type Clock } from "../core/time";
import { EnvironmentSpecError } from "../environments/errors";
import { resolveEnvironments } from "../environments/resolve";
import { planPreview, PREVIEW_VARIABLE, type PreviewTemplate } from "../lifecycle/previews";
import { lifecycleStore, type LifecycleRecord } from "../lifecycle/records";
import type { EnvironmentSpec, OrgDefaults, ResolvedEnvironment } from "../environments/types";
import { enforcePolicies } from "../synth/aspect";
import type { PolicyOptions } from "../synth/evaluate-stack";
import { EnvironmentStack } from "../../stacks/environment-stack";
import { outputDirState } from "./output-dir";
import { afterCommit, rememberOutputDirState, synthesizeAll } from "./synthesize";

/**
 * A cdktf `App` whose `synth()` is all or nothing (see `synthesizeAll`): it
 * validates every stack before writing, writes the environment manifest, and
 * leaves the previous output untouched on failure.
 */
export class EnvironmentApp extends App {
  constructor(config: AppConfig = {}) {
    const before = outputDirState(config.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out");
    super(config);
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
  return addEnvironmentStacks(app, resolveEnvironments(org, specs), policy);
}

function addEnvironmentStacks(app: App, environments: readonly ResolvedEnvironment[], policy?: PolicyOptions): EnvironmentStack[] {
  return environments.map((environment) => {
    const stack = new EnvironmentStack(app, { environment });
    enforcePolicies(stack, environment.tier, policy);
    return stack;
  });
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
   * Environment variables (ENV_PREVIEW, the CI's actor).
   * @default - process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The clock, read only when a preview is created.
   * @default - the system clock
   */
  readonly clock?: Clock;
}

/** What `createEnvironmentApp` returns. */
export interface EnvironmentAppResult {
  readonly app: EnvironmentApp;
  readonly stacks: EnvironmentStack[];
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
  const preview = previewOf(env, options, specs, records);
  const all = preview ? [...specs, preview.spec] : specs;
  const environments = resolveEnvironments(org, all, { renewals: records });
  const app = new EnvironmentApp(options.app);
  // A new preview's creation is recorded once its synth is complete, so that every later synth finds the same expiry.
  if (preview?.newRecord) afterCommit(app, () => store.write(preview.newRecord as LifecycleRecord));
  return { app, stacks: addEnvironmentStacks(app, environments, options.policy) };
}

/** The preview `ENV_PREVIEW` names, if any; refused when the app has no preview template. */
function previewOf(env: Readonly<Record<string, string | undefined>>, options: EnvironmentAppOptions, specs: readonly EnvironmentSpec[], records: ReadonlyMap<string, LifecycleRecord>) {
  const name = env[PREVIEW_VARIABLE];
  if (name === undefined || name === "") return undefined;
  if (!options.previews) {
    throw new EnvironmentSpecError([{ environment: name, field: PREVIEW_VARIABLE, message: "is set, but the app declares no preview template; pass createEnvironmentApp(org, specs, { previews: { account, availabilityZones } }), or unset ENV_PREVIEW" }]);
  }
  if (specs.some((s) => s?.name === name)) {
    throw new EnvironmentSpecError([{ environment: name, field: PREVIEW_VARIABLE, message: `names an environment the app declares; a preview needs a name of its own, such as pr-123` }]);
  }
  return planPreview(name, options.previews, specs, records, env, options.clock ?? systemClock);
}
