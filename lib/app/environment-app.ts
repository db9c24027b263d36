import { App, type AppConfig } from "cdktf";
import { resolveEnvironments } from "../environments/resolve";
import type { EnvironmentSpec, OrgDefaults, ResolvedEnvironment } from "../environments/types";
import { enforcePolicies } from "../synth/aspect";
import type { PolicyOptions } from "../synth/evaluate-stack";
import { EnvironmentStack } from "../../stacks/environment-stack";
import { outputDirState } from "./output-dir";
import { rememberOutputDirState, synthesizeAll } from "./synthesize";

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
  const environments = resolveEnvironments(org, specs);
  const app = new EnvironmentApp(options.app);
  return { app, stacks: addEnvironmentStacks(app, environments, options.policy) };
}
