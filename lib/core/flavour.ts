/**
 * Which CDK the library runs on. The source is written against cdktf and its
 * AWS provider package; the build also emits the `cdktf-envkit/cdktn` entry
 * point, in which `cdktf` and `@cdktf/provider-aws` are aliased to CDK Terrain's
 * `cdktn` and `@cdktn/provider-aws`, and this module to its counterpart,
 * `flavour-cdktn.ts` (see scripts/bundle.js). What differs between the two is
 * said here and there, nowhere else.
 */

/** A core package: cdktf, or its fork CDK Terrain (`cdktn`); each names its CLI too (`npx cdktn synth`). */
export type CoreName = "cdktf" | "cdktn";

/** The facts of one flavour. */
export interface Flavour {
  /** The core package the build runs on. */
  readonly core: CoreName;
  /** Why Kubernetes stacks cannot be built on this flavour, and what to do; undefined when they can. */
  readonly kubernetesUnsupported?: string;
}

/** The flavour of this build: cdktf 0.21 with `@cdktf/provider-aws` (AWS provider 5). */
export const FLAVOUR: Flavour = Object.freeze({ core: "cdktf" });
