/**
 * Every use of cdktf beyond its documented API, in one module, so that a cdktf
 * upgrade or a move to its fork (CDK Terrain, `cdktn`) touches one file.
 *
 * What the library relies on, as of cdktf 0.21:
 * - `invokeAspects(stack)` (`cdktf/lib/synthesize/synthesizer`) runs a stack's aspects, so that
 *   validations of every stack can run before anything is written;
 * - `Manifest` (exported, undocumented) writes `manifest.json` for the output directory it is given;
 * - `TerraformStack.prepareStack()` and `stack.synthesizer.synthesize(session)` are what `App.synth()` runs:
 *   calling them with our own session synthesizes into a staging directory;
 * - `App.hclOutput` and `App.skipValidation` are read as `App.synth()` reads them;
 * - the `cdktfVersion` context key holds cdktf's version.
 */
import { App, Manifest, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";

/** Runs the aspects of `stack` (cdktf does it again at synth; the library's own aspects only read). */
export function runAspects(stack: TerraformStack): void {
  invokeAspects(stack);
}

/** Prepares every stack of `app` as `App.synth()` does first (cross-stack references become outputs). */
export function prepareStacks(app: App): TerraformStack[] {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  stacks.forEach((stack) => stack.prepareStack());
  return stacks;
}

/** A synthesis into an output directory that may differ from `app.outdir`. */
export interface SynthSession {
  /** Writes one stack; validations are skipped: the caller ran them first. */
  writeStack(stack: TerraformStack): void;
  /** Writes cdktf's `manifest.json` for the stacks written. */
  writeManifest(): void;
}

/** Starts a synthesis of `app` into `outdir`. */
export function synthSession(app: App, outdir: string): SynthSession {
  const manifest = new Manifest(String(app.node.tryGetContext("cdktfVersion") ?? "0.21.0"), outdir, app.hclOutput);
  const session = { outdir, skipValidation: true, manifest };
  return {
    writeStack: (stack) => stack.synthesizer.synthesize(session),
    writeManifest: () => manifest.writeToFile(),
  };
}
