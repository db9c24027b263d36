/**
 * The promotion gate of an environment: whether the release its code builds
 * may be deployed into it. A tier that requires promotion (prod by default)
 * takes only the release last promoted into the environment; a break-glass
 * reason lifts the gate, and is recorded. Pure: the stack turns the verdict
 * into a guard that refuses the apply (a plan still works), and `envctl up`
 * refuses before it starts.
 */
import type { Tier } from "../core/profile";
import type { ReleaseRef } from "./digest";
import type { Ledger, Promotion } from "./ledger";
import { lastPromotion, type PromotionPolicy } from "./promotion";

/** The variable that lifts the promotion gate of a synth's environments, with the reason (recorded in each one's release ledger). */
export const BREAK_GLASS_VARIABLE = "ENVKIT_BREAK_GLASS";

/** What the gate found. */
export interface GateVerdict {
  readonly environment: string;
  readonly release: ReleaseRef;
  /** Whether the tier requires a promoted release at all. */
  readonly required: boolean;
  /** True when the release is the one last promoted into the environment. */
  readonly promoted: boolean;
  /** The last promotion into the environment, if any. */
  readonly last?: Promotion;
  /** Set when the deploy is refused: what is missing, and how to promote or break glass. */
  readonly refusal?: string;
}

/** Judges the release `release` for `environment` (of `tier`) against its ledger. */
export function promotionGate(environment: string, tier: Tier, release: ReleaseRef, ledger: Ledger, policy: PromotionPolicy, source?: string): GateVerdict {
  const last = lastPromotion(ledger);
  const promoted = last?.digest === release.digest;
  if (!policy.requiresPromotion || promoted) return { environment, release, required: policy.requiresPromotion, promoted, last };
  const from = last?.from ?? source ?? "<from>";
  const lastText = last
    ? `the release last promoted to ${environment} is ${last.release} (from ${last.from} at ${last.at} by ${last.by}${last.approvers.length > 0 ? `, approved by ${last.approvers.join(" and ")}` : ""}${last.rollback ? ", a rollback" : ""})`
    : `no release has been promoted to ${environment} yet`;
  const refusal =
    `release ${release.id} is not promoted to ${environment} (tier ${tier} deploys only promoted releases): ${lastText}. ` +
    `Promote it once it has run healthy in ${from}: envctl promote ${from} ${environment} (envctl history ${environment} shows the releases); ` +
    `or deploy the code of the promoted release. A plan or diff still works; only the apply is refused. ` +
    `To deploy anyway, break glass with a reason, which is recorded: envctl up ${environment} --break-glass "<reason>".`;
  return { environment, release, required: true, promoted: false, last, refusal };
}
