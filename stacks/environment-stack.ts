import { Annotations, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Environment } from "../lib/constructs/environment";
import { ExpiryGuard } from "../lib/constructs/expiry-guard";
import { PromotionGuard } from "../lib/constructs/promotion-guard";
import type { ResolvedEnvironment } from "../lib/environments/types";
import type { PromotionPolicy } from "../lib/releases/promotion";
import { configureBackend } from "./backend";
import { takeResolvedJson } from "./resolved-json";
import { recordStackMetadata } from "./stack-metadata";

/** Props of an `EnvironmentStack`. */
export interface EnvironmentStackProps {
  /** The resolved environment; see `resolveEnvironments`. */
  readonly environment: ResolvedEnvironment;
  /**
   * The release the stack deploys and its promotion gate: with a refusal, the
   * stack holds a guard that refuses its apply (see `PromotionGuard`).
   * @default - no release is recorded and no gate is kept
   */
  readonly release?: StackRelease;
}

/** The release of an environment's stacks, and what its promotion gate found. */
export interface StackRelease {
  readonly id: string;
  readonly digest: string;
  /** What the tier asks of a release coming in. */
  readonly policy: PromotionPolicy;
  /** Whether the release is the one last promoted into the environment. */
  readonly promoted: boolean;
  /** The release last promoted into the environment, if any. */
  readonly lastPromoted?: string;
  /** Why the apply is refused, when it is. */
  readonly refusal?: string;
  /** The reason the gate was lifted on purpose, when it was. */
  readonly breakGlass?: string;
}

/** Adds the promotion guard to `stack` when its release is refused; every other resource then waits for it. */
export function guardRelease(stack: TerraformStack, release: StackRelease | undefined): void {
  if (release?.refusal === undefined) return;
  new PromotionGuard(stack, "promotion", { release: release.id, refusal: `${stack.node.id}: ${release.refusal}` }).guardAll(stack);
  Annotations.of(stack).addWarning(`${stack.node.id}: ${release.refusal}`);
}

/** The stack id of an environment: `env-<name>`. */
export function environmentStackId(name: string): string {
  return `env-${name}`;
}

/**
 * One environment's AWS stack, `env-<name>`: its own state, an AWS provider
 * pinned to the environment's region and account with the environment's tags
 * as `default_tags`, and the `Environment` construct. The stack records its
 * environment, tier and declared weakenings in its Terraform JSON, and warns
 * at synth about every control it weakens. Policies are attached by the app
 * (`createEnvironmentApp`, `enforcePolicies`).
 */
export class EnvironmentStack extends TerraformStack {
  readonly environment: ResolvedEnvironment;
  readonly resources: Environment;
  /** The release it deploys, when the app records releases. */
  readonly release?: StackRelease;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    const env = props.environment;
    super(scope, environmentStackId(env.name));
    this.environment = env;
    this.release = props.release;
    new AwsProvider(this, "aws", {
      region: env.region,
      allowedAccountIds: env.account ? [env.account] : undefined,
      defaultTags: [{ tags: { ...env.tags } }],
    });
    configureBackend(this, env.name, env.backend, env.region);
    this.resources = new Environment(this, "environment", { environment: env });
    new TerraformOutput(this, "vpc_id", { value: this.resources.network.vpc.id, description: "VPC of the environment" });
    new TerraformOutput(this, "data_bucket", { value: this.resources.data.bucketName, description: "Data bucket of the environment" });
    new TerraformOutput(this, "kms_key_arn", { value: this.resources.key.arn, description: "Encryption key of the environment" });
    if (env.lifecycle.kind === "ephemeral") {
      new ExpiryGuard(this, "expiry", { environment: env.name, stackId: this.node.id, expiresAt: env.lifecycle.expiresAt });
      new TerraformOutput(this, "expires_at", { value: env.lifecycle.expiresAt, description: "When the environment expires (ISO-8601 UTC); envctl reap destroys it after" });
    }

    recordStackMetadata(this, (metadata) => {
      metadata.environment = env.name;
      metadata.tier = env.tier;
      metadata.weakenedControls = env.weakenedControls.map((w) => ({ field: w.field, value: w.value, baseline: w.baseline }));
      if (env.decommission) metadata.decommission = { ...env.decommission };
      metadata.usage = { ...env.usage };
    });
    if (env.decommission) {
      Annotations.of(this).addWarning(
        `environment ${env.name} is being decommissioned (approved by ${env.decommission.approvedBy}: ${env.decommission.reason}): deletion protection is lifted so that \`cdktf destroy ${environmentStackId(env.name)}\` can delete it; the database keeps its final snapshot, and buckets must be emptied first`,
      );
    }
    if (env.alertEmails.length === 0) {
      Annotations.of(this).addWarning(
        `environment ${env.name} names no alertEmails: its budget alerts${env.tier === "prod" || env.tier === "staging" ? " and alarms" : ""} reach an SNS topic nobody is subscribed to. Set alertEmails on the environment or in the organization defaults`,
      );
    }
    for (const weakened of env.weakenedControls) {
      Annotations.of(this).addWarning(
        `environment ${env.name} weakens its ${env.tier} baseline: overrides.${weakened.field} = ${JSON.stringify(weakened.value)} (${weakened.description}; the tier keeps ${weakened.baseline})`,
      );
    }
    if (props.release?.breakGlass) Annotations.of(this).addWarning(`${this.node.id}: release ${props.release.id} is not promoted to ${env.name}, and its promotion gate is lifted on purpose (break glass: ${props.release.breakGlass}); this is recorded, and envctl list warns of it`);
    guardRelease(this, props.release);
  }

  /** The stack's Terraform JSON; during synth, the JSON the policy check already resolved. */
  override toTerraform(): any {
    return takeResolvedJson(this) ?? super.toTerraform();
  }
}
