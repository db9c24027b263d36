/**
 * Every use of cdktf beyond its documented API, in one module, so that a cdktf
 * upgrade or a move to its fork (CDK Terrain, `cdktn`) touches one file.
 *
 * CDK Terrain 0.24 keeps every internal below, at the same paths and with the same
 * signatures, so the `cdktf-envkit/cdktn` build uses this module as it is, with `cdktf`
 * read as `cdktn` (scripts/bundle.js); what cdktn adds is said where it is used.
 *
 * What the library relies on, as of cdktf 0.21:
 * - `invokeAspects(stack)` (`cdktf/lib/synthesize/synthesizer`) runs a stack's aspects, so that
 *   validations of every stack can run before anything is written;
 * - `Manifest` (exported, undocumented) writes `manifest.json` for the output directory it is given;
 * - `TerraformStack.prepareStack()` and `stack.synthesizer.synthesize(session)` are what `App.synth()` runs:
 *   calling them with our own session synthesizes into a staging directory;
 * - `App.hclOutput` and `App.skipValidation` are read as `App.synth()` reads them;
 * - the `cdktfVersion` context key holds cdktf's version;
 * - every token (`Intrinsic`, `Lazy`, a resource's computed lists) records its creation stack
 *   eagerly, with `Error.stackTraceLimit` raised to its maximum while capturing and restored
 *   before the stack is formatted (see `withShortCreationStacks`).
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
  // cdktn re-prepares a stack its session does not say is prepared (`stacksPrepared`, which cdktf ignores): prepareStacks() ran first.
  const session = { outdir, skipValidation: true, manifest, stacksPrepared: true };
  return {
    writeStack: (stack) => stack.synthesizer.synthesize(session),
    writeManifest: () => manifest.writeToFile(),
  };
}

/**
 * Runs `work` with creation stacks formatted to the usual depth.
 *
 * cdktf captures the whole call stack of every token it creates (thousands per
 * environment) and formats every frame of it, to name where a token came from
 * if it later fails to resolve. Formatting is the larger part of that cost:
 * about a tenth of a large estate's synth time and a seventh of its memory,
 * and more when a formatter maps each frame through source maps (ts-node's,
 * which every app run by `node -r ts-node/register main.ts` has, and jest's).
 * While `work` runs, a stack is formatted with at most `Error.stackTraceLimit`
 * frames (10 unless the process sets it), the frames nearest the token's
 * creation: a process that wants whole creation stacks raises the limit.
 * Node.js formats them as it would; a formatter the process installed itself
 * is still the one that formats, given those frames. An ordinary error never
 * holds more frames than the limit, so its stack reads exactly as without
 * this; only cdktf's creation stacks are cut. Nothing changes under
 * `--enable-source-maps` (Node.js maps frames only with its own formatter),
 * and the previous formatter is back when `work` returns or throws.
 */
export function withShortCreationStacks<T>(work: () => T): T {
  const previous = Error.prepareStackTrace;
  const sourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled === true;
  if (sourceMaps && formatsAsNode(previous)) return work();
  const short = formatsAsNode(previous) ? formatShortStack : shortStacksFor(previous!);
  Error.prepareStackTrace = short;
  try {
    return work();
  } finally {
    if (Error.prepareStackTrace === short) Error.prepareStackTrace = previous;
  }
}

/** Whether stacks are formatted by Node.js itself: no formatter, or the one Node.js 20 and later expose as `Error.prepareStackTrace`. */
function formatsAsNode(format: typeof Error.prepareStackTrace | undefined): boolean {
  return format === undefined || format.name === "ErrorPrepareStackTrace";
}

/** The process's own formatter, given at most `Error.stackTraceLimit` frames. */
function shortStacksFor(own: NonNullable<typeof Error.prepareStackTrace>): NonNullable<typeof Error.prepareStackTrace> {
  return (error, callSites) => own(error, callSites.length > Error.stackTraceLimit ? callSites.slice(0, Error.stackTraceLimit) : callSites);
}

function formatShortStack(error: unknown, callSites: NodeJS.CallSite[]): string {
  return formatAsNode(error, callSites, Error.stackTraceLimit);
}

/** A stack as Node.js formats it, with at most `frames` of its call sites. */
export function formatAsNode(error: unknown, callSites: readonly NodeJS.CallSite[], frames: number): string {
  let head: string;
  try {
    head = Error.prototype.toString.call(error);
  } catch {
    head = "Error";
  }
  const kept = callSites.slice(0, frames);
  return kept.length === 0 ? head : `${head}\n    at ${kept.join("\n    at ")}`;
}
