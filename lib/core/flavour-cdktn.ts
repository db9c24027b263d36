/**
 * The CDK Terrain counterpart of `flavour.ts`: the `cdktf-envkit/cdktn` build
 * uses this module in its place (scripts/bundle.js aliases it).
 */
import type { Flavour } from "./flavour";

/**
 * `@cdktf/provider-kubernetes`'s classes extend cdktf's own `TerraformResource`: inside a
 * cdktn app, cdktn prepares every element of a stack and calls a method cdktf 0.21's
 * elements lack (`_resetResolveDiscoveredProviderFeatureUsage`), so synthesis fails with a
 * TypeError. No `@cdktn/provider-kubernetes` is published.
 */
const KUBERNETES_UNSUPPORTED =
  "cannot be built with cdktf-envkit/cdktn: the Kubernetes stacks use @cdktf/provider-kubernetes, whose classes are built on cdktf and fail inside a cdktn app, and no @cdktn/provider-kubernetes exists. " +
  "Remove kubernetes and services from this environment to deploy its AWS stack with cdktn, or keep the environment on cdktf (import from cdktf-envkit) until Kubernetes bindings for cdktn exist";

/** The flavour of the `cdktf-envkit/cdktn` build: CDK Terrain (`cdktn`) with `@cdktn/provider-aws` (AWS provider 6). */
export const FLAVOUR: Flavour = Object.freeze({ core: "cdktn", kubernetesUnsupported: KUBERNETES_UNSUPPORTED });
