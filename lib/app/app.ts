import { App, type AppConfig, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { EnvironmentStack } from "../../stacks/environment-stack";
import type { PolicyOptions } from "../synth/evaluate-stack";
import { EnvironmentSpecError } from "../environments/errors";
import { resolveEnvironments } from "../environments/resolve";
import type { EnvironmentSpec, OrgDefaults } from "../environments/types";

/**
 * Resolves and validates every spec first (throwing one `EnvironmentSpecError`
 * with every problem), then adds one `EnvironmentStack` per environment.
 * Nothing is added to `app` when any spec is invalid.
 */
export function defineEnvironments(app: App, org: OrgDefaults, specs: readonly EnvironmentSpec[], policy?: PolicyOptions): EnvironmentStack[] {
  const environments = resolveEnvironments(org, specs);
  return environments.map((environment) => new EnvironmentStack(app, { environment, policy }));
}

/** Options of `createEnvironmentApp`. */
export interface EnvironmentAppOptions {
  /** cdktf app settings (`outdir`, context...). @default - cdktf's defaults */
  readonly app?: AppConfig;
  /** Policy rules, waivers and clock for every stack. @default - the built-in packs */
  readonly policy?: PolicyOptions;
}

/** What `createEnvironmentApp` returns. */
export interface EnvironmentApp {
  readonly app: App;
  readonly stacks: EnvironmentStack[];
}

/**
 * Validates every spec, and only then creates the cdktf `App` (whose
 * constructor creates the output directory) with one stack per environment:
 * invalid specs leave no `cdktf.out` behind.
 */
export function createEnvironmentApp(org: OrgDefaults, specs: readonly EnvironmentSpec[], options: EnvironmentAppOptions = {}): EnvironmentApp {
  const environments = resolveEnvironments(org, specs);
  const app = new App(options.app);
  return { app, stacks: environments.map((environment) => new EnvironmentStack(app, { environment, policy: options.policy })) };
}

/** Thrown when a stack fails validation (policy errors among them) before anything is written. */
export class SynthValidationError extends Error {
  constructor(readonly errors: readonly { stack: string; path: string; message: string }[]) {
    super(
      `Synthesis stopped before writing anything: ${errors.length} validation error(s)\n` +
        errors.map((e) => `  - [${e.path}] ${e.message}`).join("\n"),
    );
    this.name = "SynthValidationError";
  }
}

/**
 * Synthesizes `app` all or nothing: runs aspects and validations of every
 * stack first and throws `SynthValidationError` listing every error of every
 * stack, so that no partial `cdktf.out` is written; then synthesizes.
 */
export function synthesizeAll(app: App): void {
  const errors: { stack: string; path: string; message: string }[] = [];
  for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
    invokeAspects(stack);
    for (const node of stack.node.findAll()) {
      for (const message of node.node.validate()) errors.push({ stack: stack.node.id, path: node.node.path, message });
      for (const entry of node.node.metadata) {
        if (entry.type === "@cdktf/error") errors.push({ stack: stack.node.id, path: node.node.path, message: String(entry.data) });
      }
    }
  }
  if (errors.length > 0) throw new SynthValidationError(errors);
  app.synth();
}

/**
 * Runs an app's entry point: prints spec and validation errors as they are
 * (no stack trace) and sets the exit code: 2 for an invalid spec, 1 for a failed synth.
 */
export function runApp(main: () => void): void {
  try {
    main();
  } catch (error) {
    if (error instanceof EnvironmentSpecError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof SynthValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}
