/**
 * Before the reaper destroys anything, the environment must be proven
 * ephemeral and expired by sources that agree, each read on its own: its
 * lifecycle record (or, for an environment declared in code, the manifest),
 * each stack's own synthesized Terraform JSON, and the tags of what its state
 * holds; and each stack must be run in the directory of its own name. A pure
 * function of those facts, so that a property test can throw corrupted ones at it.
 */
import { isTier } from "../../lib/core/tiers";
import { parseUtcInstant } from "../../lib/core/time";
import type { LifecycleRecord } from "../../lib/lifecycle/records";
import type { ReapTarget } from "./reaper";

/** What was read of one stack of a target. */
export interface StackFacts {
  /** The stack's name, as the target lists it. */
  readonly name: string;
  /** Where the reaper would run Terraform for it (from the manifests). */
  readonly directory: string;
  /** `<output>/stacks/<name>`: the only directory a stack of that name may be destroyed in. */
  readonly ownDirectory: string;
  /** `"//".envkit` of its Terraform JSON: the environment and tier it was synthesized for. */
  readonly synthesized?: { readonly environment?: unknown; readonly tier?: unknown };
  /** The provider's default tags in its Terraform JSON (AWS stacks). */
  readonly defaultTags?: Readonly<Record<string, unknown>>;
  /** The tags of every resource its state holds that carries tags; undefined when the state could not be read. */
  readonly stateTags?: readonly Readonly<Record<string, unknown>>[];
}

/** Everything the proof is made from. */
export interface ReapFacts {
  readonly target: ReapTarget;
  /** Its lifecycle record, when it has one. */
  readonly record?: LifecycleRecord;
  /** What the environment manifest of the output says of it, when it holds it. */
  readonly declared?: { readonly tier: string; readonly lifecycle: string; readonly expiresAt?: string; readonly protected: boolean };
  readonly stacks: readonly StackFacts[];
  readonly now: Date;
}

const PROTECTED_TIERS = new Set(["staging", "prod"]);

/** The reasons `facts` do not prove the target may be destroyed; empty when they do. */
export function reapDisagreements(facts: ReapFacts): string[] {
  const { target, record, declared, now } = facts;
  const name = target.name;
  const reasons: string[] = [];
  const expired = (at: unknown) => {
    const instant = typeof at === "string" ? parseUtcInstant(at) : undefined;
    return instant !== undefined && instant.getTime() <= now.getTime();
  };
  if (!/^[a-z][a-z0-9-]{0,23}$/.test(name)) reasons.push(`its name ${JSON.stringify(name)} is not an environment name`);
  if (!isTier(target.tier) || PROTECTED_TIERS.has(target.tier)) reasons.push(`its tier ${target.tier} is never reaped`);

  if (record) {
    if (record.environment !== name) reasons.push(`its lifecycle record names environment ${record.environment}`);
    if (record.tier !== target.tier) reasons.push(`its lifecycle record says tier ${record.tier}, the inventory ${target.tier}`);
    if (!expired(record.expiresAt)) reasons.push(`its lifecycle record says it expires at ${record.expiresAt}, not yet`);
    if (Date.parse(record.createdAt) >= Date.parse(record.expiresAt)) reasons.push("its lifecycle record's expiry is not after its creation");
  }
  if (declared) {
    if (declared.tier !== target.tier) reasons.push(`the environment manifest says tier ${declared.tier}`);
    if (declared.lifecycle !== "ephemeral") reasons.push(`the environment manifest says it is ${declared.lifecycle}`);
    if (declared.protected) reasons.push("the environment manifest says deletion protection is on");
    if (!record && !expired(declared.expiresAt)) reasons.push(`the environment manifest says it expires at ${declared.expiresAt ?? "never"}, not yet`);
  }
  if (!record && !declared) reasons.push("neither a lifecycle record nor the environment manifest says it is ephemeral");

  const own = new Set([`env-${name}`, `env-${name}-k8s`]);
  if (!facts.stacks.some((s) => s.name === `env-${name}`)) reasons.push(`its AWS stack env-${name} is not among the stacks to destroy`);
  for (const stack of facts.stacks) {
    const where = `stack ${stack.name}`;
    if (!own.has(stack.name)) {
      reasons.push(`${where} is not a stack of environment ${name}`);
      continue;
    }
    if (stack.directory !== stack.ownDirectory) reasons.push(`${where} would be destroyed in ${stack.directory}, not in its own directory ${stack.ownDirectory}`);
    if (stack.synthesized?.environment !== name) reasons.push(`${where} was synthesized for environment ${String(stack.synthesized?.environment ?? "(none)")}`);
    if (stack.synthesized?.tier !== target.tier) reasons.push(`${where} was synthesized for tier ${String(stack.synthesized?.tier ?? "(none)")}`);
    if (stack.name === `env-${name}`) {
      const tags = stack.defaultTags ?? {};
      if (tags.environment !== name || tags.tier !== target.tier) reasons.push(`${where} tags its resources environment=${String(tags.environment)}, tier=${String(tags.tier)}`);
      if (tags.lifecycle !== "ephemeral") reasons.push(`${where} tags its resources lifecycle=${String(tags.lifecycle)}`);
      else if (!expired(tags["expires-at"])) reasons.push(`${where} tags its resources expires-at=${String(tags["expires-at"])}, not yet expired`);
    }
    if (stack.stateTags === undefined) reasons.push(`the state of ${stack.name} could not be read`);
    for (const tags of stack.stateTags ?? []) {
      if ("environment" in tags && tags.environment !== name) reasons.push(`the state of ${stack.name} holds resources of environment ${String(tags.environment)}`);
      if (typeof tags.tier === "string" && (PROTECTED_TIERS.has(tags.tier) || tags.tier !== target.tier)) reasons.push(`the state of ${stack.name} holds resources of tier ${tags.tier}`);
      if (tags.lifecycle === "persistent") reasons.push(`the state of ${stack.name} holds persistent resources`);
    }
  }
  return [...new Set(reasons)];
}
