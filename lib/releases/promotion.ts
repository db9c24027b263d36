/**
 * When a release may move from one environment to the next: it ran healthy
 * below for the soak time of the target's tier (unless it already ran in the
 * target: a rollback), it was built from committed code, the target's
 * approvals are recorded by people other than the promoter, and the parity
 * rules between the two hold. Pure functions over ledgers; every problem is
 * listed at once, each saying what is missing.
 */
import type { Tier } from "../core/profile";
import type { OrgDefaults } from "../environments/types";
import { addHours, formatSpan, formatUtc, HOUR_MS, parseUtcInstant } from "../core/time";
import type { Approval, Deployment, Ledger, Promotion } from "./ledger";

/** What a tier requires of a release coming into it. */
export interface PromotionPolicy {
  /** Hours the release must have run healthy in the environment it comes from. */
  readonly soakHours: number;
  /** Distinct approvers (the promoter not counted). */
  readonly approvals: number;
  /** Whether a deploy into the tier must be of a promoted release (the gate of `envctl up` and of the stack). */
  readonly requiresPromotion: boolean;
}

/** The defaults: prod takes a release after a day in staging and two approvals; staging after an hour below. */
export const PROMOTION_DEFAULTS: Readonly<Record<Tier, PromotionPolicy>> = Object.freeze({
  preview: { soakHours: 0, approvals: 0, requiresPromotion: false },
  dev: { soakHours: 0, approvals: 0, requiresPromotion: false },
  test: { soakHours: 0, approvals: 0, requiresPromotion: false },
  staging: { soakHours: 1, approvals: 0, requiresPromotion: false },
  prod: { soakHours: 24, approvals: 2, requiresPromotion: true },
});

/** A promotion asked for. */
export interface PromotionRequest {
  readonly from: Ledger;
  readonly to: Ledger;
  readonly toTier: Tier;
  /** The release to promote; default: the one `from` runs now. */
  readonly release?: string;
  /** Who promotes (the CI actor or git identity). */
  readonly promoter: string;
  readonly now: Date;
  readonly policy: PromotionPolicy;
  /** Problems of the parity rules between the two environments, already worded. */
  readonly parityProblems?: readonly string[];
}

/** What the rules found. */
export interface PromotionVerdict {
  /** The deployment of the release in `from` that the promotion would carry (its latest), when there is one. */
  readonly deployment?: Deployment;
  /** True when the release is not the one `from` runs now. */
  readonly rollback: boolean;
  /** The approvers that count, in the order they approved. */
  readonly approvers: readonly string[];
  /** Every reason the promotion is refused; empty when it may proceed. */
  readonly problems: readonly string[];
}

const time = (instant: string) => (parseUtcInstant(instant) as Date).getTime();
const byTime = <T>(key: (item: T) => string) => (a: T, b: T) => time(key(a)) - time(key(b));

/** The deployments of a ledger in the order they happened. */
export function deploymentsInOrder(ledger: Ledger): Deployment[] {
  return [...ledger.deployments].sort(byTime((d) => d.deployedAt));
}

/**
 * Hours the release ran healthy in `ledger`'s environment: for each of its
 * deploys found healthy, from then until the next deploy (or `now`); the longest.
 */
export function healthyHours(ledger: Ledger, release: string, now: Date): number | undefined {
  const deployments = deploymentsInOrder(ledger);
  let best: number | undefined;
  deployments.forEach((d, i) => {
    if (d.release !== release || d.healthyAt === undefined) return;
    const end = i + 1 < deployments.length ? time(deployments[i + 1].deployedAt) : now.getTime();
    const hours = Math.max(0, end - time(d.healthyAt)) / HOUR_MS;
    best = Math.max(best ?? 0, hours);
  });
  return best;
}

/** The approvals recorded in `to` for `release`, one per approver (the first). */
export function approvalsOf(to: Ledger, release: string): Approval[] {
  const seen = new Set<string>();
  return [...to.approvals].sort(byTime((a) => a.at)).filter((a) => a.release === release && !seen.has(a.approver) && (seen.add(a.approver), true));
}

/** Judges a promotion; the verdict lists every problem at once. */
export function judgePromotion(request: PromotionRequest): PromotionVerdict {
  const { from, to, policy, now, promoter } = request;
  const problems: string[] = [];
  const deployments = deploymentsInOrder(from);
  const current = deployments[deployments.length - 1];
  const release = request.release ?? current?.release;
  if (!release) return { rollback: false, approvers: [], problems: [`${from.environment} has no release: deploy it with envctl up, which records one once it is healthy`] };
  const ofRelease = deployments.filter((d) => d.release === release);
  const deployment = ofRelease[ofRelease.length - 1];
  if (!deployment) {
    const known = [...new Set(deployments.map((d) => d.release))].join(", ") || "none";
    return { rollback: false, approvers: [], problems: [`release ${release} was never deployed to ${from.environment} (its releases: ${known})`] };
  }
  const rollback = release !== current.release;
  const ranInTarget = to.promotions.some((p) => p.release === release);
  const healthy = healthyHours(from, release, now);
  if (healthy === undefined) problems.push(`release ${release} was never found healthy in ${from.environment}: envctl up records health after each deploy`);
  else if (!ranInTarget && healthy < policy.soakHours) {
    const soak = `${to.environment}${to.environment === request.toTier ? "" : ` (tier ${request.toTier})`} requires ${formatSpan(policy.soakHours)} healthy in ${from.environment}`;
    const healthyAt = ofRelease.map((d) => d.healthyAt).filter((h): h is string => h !== undefined).pop();
    problems.push(
      !rollback && healthyAt
        ? `release ${release} has been healthy in ${from.environment} for ${formatSpan(healthy)}; ${soak}: promote after ${formatUtc(addHours(new Date(time(healthyAt)), policy.soakHours))}`
        : `release ${release} ran healthy in ${from.environment} for ${formatSpan(healthy)} before it was replaced; ${soak}`,
    );
  }
  // The same content deployed once from a commit is enough: a later deploy from a clean tree clears an earlier one from a dirty tree.
  if (!ofRelease.some((d) => d.revision.commit !== null && !d.revision.dirty)) problems.push(`release ${release} was only deployed to ${from.environment} from a working tree with uncommitted changes (or outside git); commit them and deploy ${from.environment} again`);
  const approvals = approvalsOf(to, release);
  const approvers = approvals.map((a) => a.approver).filter((a) => a !== promoter);
  if (approvers.length < policy.approvals) {
    const has = approvers.length === 0 ? "none" : approvers.join(", ");
    const own = approvals.some((a) => a.approver === promoter) ? `; ${promoter} approved it and promotes it, and one person cannot do both` : "";
    problems.push(`${to.environment} requires ${policy.approvals} approval${policy.approvals === 1 ? "" : "s"} of release ${release} by people other than the promoter (${promoter}); it has ${approvers.length} (${has})${own}: envctl approve ${to.environment} --release ${release}`);
  }
  problems.push(...(request.parityProblems ?? []));
  return { deployment, rollback, approvers, problems };
}

/** `to`'s ledger with `approver`'s approval of `release` (unchanged when they approved it already). */
export function withApproval(to: Ledger, release: string, approver: string, at: Date): Ledger {
  if (to.approvals.some((a) => a.release === release && a.approver === approver)) return to;
  return { ...to, approvals: [...to.approvals, { release, approver, at: formatUtc(at) }] };
}

/** `to`'s ledger with the promotion the verdict allows; refused (an error) when the verdict has problems. */
export function withPromotion(to: Ledger, from: string, verdict: PromotionVerdict, by: string, at: Date): Ledger {
  if (verdict.problems.length > 0 || !verdict.deployment) throw new Error(`a refused promotion cannot be recorded: ${verdict.problems.join("; ")}`);
  const promotion: Promotion = { release: verdict.deployment.release, digest: verdict.deployment.digest, from, by, at: formatUtc(at), approvers: [...verdict.approvers], rollback: verdict.rollback };
  return { ...to, promotions: [...to.promotions, promotion] };
}

/** The release last promoted into the environment, if any. */
export function lastPromotion(ledger: Ledger): Promotion | undefined {
  return [...ledger.promotions].sort(byTime((p) => p.at)).pop();
}

/** What `tier` asks of a release coming in: the defaults, with the organization's `promotion.<tier>` over them. */
export function promotionPolicyOf(tier: Tier, promotion?: OrgDefaults["promotion"]): PromotionPolicy {
  const own = promotion?.[tier] ?? {};
  const defined = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined));
  return { ...PROMOTION_DEFAULTS[tier], ...defined };
}
