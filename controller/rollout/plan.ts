/**
 * The order in which `envctl up` brings environments up and `envctl down`
 * takes them down: within an environment, its AWS stack before its Kubernetes
 * stack (which reads the AWS stack's outputs), and the reverse on the way
 * down; environments side by side. Pure: the plan is data, for `--plan`
 * (text or JSON) and for the runner that executes it.
 */
import { EnvkitInputError } from "../../lib/core/errors";
import type { Tier } from "../../lib/core/profile";
import { TIER_PROFILES } from "../../lib/core/tiers";
import { parseUtcInstant } from "../../lib/core/time";
import type { EnvironmentManifest, ManifestEnvironment, StackKind } from "../../stacks/app/manifest";

/** Which stacks of each environment a rollout concerns. */
export type StackSelection = "aws" | "kubernetes" | "all";
export const STACK_SELECTIONS: readonly StackSelection[] = ["aws", "kubernetes", "all"];

/** One stack to deploy or destroy, after the stacks it waits for. */
export interface RolloutStep {
  readonly environment: string;
  readonly tier: Tier;
  readonly stack: string;
  readonly kind: StackKind;
  /** Stacks of this plan that must be done first. */
  readonly waitsFor: readonly string[];
}

/** An environment the plan leaves out, and why. */
export interface Excluded {
  readonly environment: string;
  readonly reason: string;
}

/** The steps, environment by environment in the order named, and what is left out. */
export interface RolloutPlan {
  readonly direction: "up" | "down";
  readonly steps: readonly RolloutStep[];
  /** Left out without an error: expired environments on the way up. */
  readonly skipped: readonly Excluded[];
  /** Refused: a tier whose teardown rules keep it (staging and prod, unless decommissioned) on the way down. */
  readonly refused: readonly Excluded[];
}

/** The environments named (every one of the manifest when none is), in the order named; unknown names are one error that lists them all. */
function pick(manifest: EnvironmentManifest, names: readonly string[]): ManifestEnvironment[] {
  if (names.length === 0) return [...manifest.environments];
  const unknown = names.filter((n) => !manifest.environments.some((e) => e.name === n));
  if (unknown.length > 0) throw new EnvkitInputError(`unknown environment${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}: cdktf.out holds ${manifest.environments.map((e) => e.name).join(", ") || "none"}`);
  return [...new Set(names)].map((n) => manifest.environments.find((e) => e.name === n) as ManifestEnvironment);
}

function selected(env: ManifestEnvironment, stacks: StackSelection) {
  return env.stacks.filter((s) => stacks === "all" || s.kind === stacks).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "aws" ? -1 : 1));
}

/** The plan of `envctl up`: each environment's AWS stack, then its Kubernetes stack; an expired environment is skipped with the reason its expiry guard gives. */
export function planUp(manifest: EnvironmentManifest, names: readonly string[], options: { readonly stacks: StackSelection; readonly now: Date }): RolloutPlan {
  const steps: RolloutStep[] = [];
  const skipped: Excluded[] = [];
  for (const env of pick(manifest, names)) {
    const expiry = env.expiresAt === null ? undefined : parseUtcInstant(env.expiresAt);
    if (expiry && expiry.getTime() <= options.now.getTime()) {
      skipped.push({ environment: env.name, reason: `expired at ${env.expiresAt}: its expiry guard refuses the deploy; renew it (envctl renew ${env.name} --for 48h) or reap it` });
      continue;
    }
    const stacks = selected(env, options.stacks);
    stacks.forEach((s, i) => steps.push({ environment: env.name, tier: env.tier, stack: s.name, kind: s.kind, waitsFor: i === 0 ? [] : [stacks[i - 1].name] }));
  }
  return { direction: "up", steps, skipped, refused: [] };
}

/**
 * The plan of `envctl down`: each environment's Kubernetes stack, then its
 * AWS stack. A tier with deletion protection (staging and prod) is refused
 * unless the environment is being decommissioned. Environments must be named:
 * a teardown is never everything by default.
 */
export function planDown(manifest: EnvironmentManifest, names: readonly string[], options: { readonly stacks: StackSelection }): RolloutPlan {
  if (names.length === 0) throw new EnvkitInputError("name the environments to tear down (envctl down dev pr-123): a teardown never takes every environment by default");
  const steps: RolloutStep[] = [];
  const refused: Excluded[] = [];
  for (const env of pick(manifest, names)) {
    if (TIER_PROFILES[env.tier].lifecycle.deletionProtection && !env.resolved.decommission) {
      refused.push({ environment: env.name, reason: `tier ${env.tier} keeps its data (deletion protection): decommission the environment in its spec (decommission: { approvedBy, reason }), deploy that, then tear it down` });
      continue;
    }
    const stacks = selected(env, options.stacks).reverse();
    stacks.forEach((s, i) => steps.push({ environment: env.name, tier: env.tier, stack: s.name, kind: s.kind, waitsFor: i === 0 ? [] : [stacks[i - 1].name] }));
  }
  return { direction: "down", steps, skipped: [], refused };
}

/** The plan as text: numbered steps with what each waits for, then what is skipped or refused. */
export function renderPlan(plan: RolloutPlan): string {
  const verb = plan.direction === "up" ? "deploy" : "destroy";
  const lines = plan.steps.map((s, i) => `${i + 1}. ${verb} ${s.stack} (${s.environment}, ${s.kind})${s.waitsFor.length > 0 ? `, after ${s.waitsFor.join(", ")}` : ""}`);
  if (lines.length === 0) lines.push(`nothing to ${verb}`);
  for (const s of plan.skipped) lines.push(`skipped ${s.environment}: ${s.reason}`);
  for (const r of plan.refused) lines.push(`refused ${r.environment}: ${r.reason}`);
  return `${lines.join("\n")}\n`;
}
