import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Environment } from "../lib/constructs/environment";
import { PolicyAspect } from "../lib/synth/aspect";
import { takeSynthJson } from "../lib/synth/synth-memo";
import type { PolicyOptions } from "../lib/synth/evaluate-stack";
import type { ResolvedEnvironment } from "../lib/environments/types";
import { configureBackend } from "./backend";

/** Props of an `EnvironmentStack`. */
export interface EnvironmentStackProps {
  /** The resolved environment; see `resolveEnvironments`. */
  readonly environment: ResolvedEnvironment;
  /**
   * Rules, waivers and clock of the synth-time policy check.
   * @default - the built-in packs for the environment's tier, no extra waivers, the system clock
   */
  readonly policy?: PolicyOptions;
}

/** The stack id of an environment: `env-<name>`. */
export function environmentStackId(name: string): string {
  return `env-${name}`;
}

/**
 * One environment's AWS stack, `env-<name>`: its own state, an AWS provider
 * pinned to the environment's region and account with the environment's tags
 * as `default_tags`, the `Environment` construct, and the policy check:
 * error findings for the environment's tier stop the synth.
 */
export class EnvironmentStack extends TerraformStack {
  readonly environment: ResolvedEnvironment;
  readonly resources: Environment;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    const env = props.environment;
    super(scope, environmentStackId(env.name));
    this.environment = env;
    new AwsProvider(this, "aws", {
      region: env.region,
      allowedAccountIds: env.account ? [env.account] : undefined,
      defaultTags: [{ tags: { ...env.tags } }],
    });
    configureBackend(this, env.name, env.backend, env.region);
    this.resources = new Environment(this, "environment", { environment: env });
    Aspects.of(this).add(new PolicyAspect(env.tier, props.policy));
    new TerraformOutput(this, "vpc_id", { value: this.resources.network.vpc.id, description: "VPC of the environment" });
    new TerraformOutput(this, "data_bucket", { value: this.resources.data.bucketName, description: "Data bucket of the environment" });
    new TerraformOutput(this, "kms_key_arn", { value: this.resources.key.arn, description: "Encryption key of the environment" });
  }

  /** The stack's Terraform JSON; during synth, the JSON the policy check already resolved. */
  override toTerraform(): any {
    return takeSynthJson(this) ?? super.toTerraform();
  }
}
