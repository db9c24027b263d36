import { DataResource, Fn, Op, TerraformLocal } from "cdktf";
import { Construct } from "constructs";

/** Props of an `ExpiryGuard`. */
export interface ExpiryGuardProps {
  /** The environment's name, for the message. */
  readonly environment: string;
  /** The stack to name in the message, e.g. `env-pr-123`. */
  readonly stackId: string;
  /** The recorded expiry, ISO-8601 UTC. */
  readonly expiresAt: string;
}

/**
 * Refuses to deploy an expired environment, and only that: a `terraform_data`
 * resource whose precondition compares the plan's time with the recorded
 * expiry. Terraform evaluates it when it plans a deploy or a diff of this
 * stack, never when it plans a destroy; the synth never reads the clock; and
 * no other stack is concerned. The message says how to renew or destroy.
 */
export class ExpiryGuard extends Construct {
  /** The guard resource (`terraform_data`). */
  readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: ExpiryGuardProps) {
    super(scope, id);
    const expiresAt = new TerraformLocal(this, "expires-at", props.expiresAt);
    this.resource = new DataResource(this, "guard", {
      input: { expires_at: expiresAt.asString },
      lifecycle: {
        precondition: [
          {
            // timecmp is -1 while the plan runs before the expiry (cdktf renders a literal 0 operand as "undefined", so -1 is compared).
            condition: Op.eq(Fn.timecmp(Fn.plantimestamp(), expiresAt.asString), -1),
            errorMessage:
              `Environment ${props.environment} expired at ${props.expiresAt}, so its deploy is refused (other environments are not affected). ` +
              `Renew it with \`envctl renew ${props.environment} --for 48h\` and deploy again, or destroy it with \`cdktf destroy ${props.stackId}\` (a destroy is never refused).`,
          },
        ],
      },
    });
  }
}
