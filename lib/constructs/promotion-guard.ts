import { DataResource, Fn, TerraformOutput, TerraformResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";

/** Props of a `PromotionGuard`. */
export interface PromotionGuardProps {
  /** The release the stack's code builds, `rel-<12 hex>`. */
  readonly release: string;
  /** Why its deploy is refused: the gate's verdict, worded for the person deploying. */
  readonly refusal: string;
}

/**
 * Refuses to apply a stack whose release is not promoted into its
 * environment, and only the apply: a `terraform_data` resource whose
 * postcondition fails. Its input holds the apply's time, so Terraform cannot
 * know its output while planning and checks the condition only when it
 * applies: `cdktf diff` and `terraform plan` show what the release would
 * change (and an output saying it is not promoted), `cdktf deploy` stops at
 * the guard. Every other resource of the stack depends on the guard, so
 * nothing is changed before the refusal. The stack holds no guard once the
 * release is promoted (or the gate is lifted on purpose).
 */
export class PromotionGuard extends Construct {
  /** The guard resource (`terraform_data`). */
  readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: PromotionGuardProps) {
    super(scope, id);
    this.resource = new DataResource(this, "gate", {
      input: { release: props.release, checked_at: Fn.timestamp() },
      lifecycle: {
        // The guard's own output is never "promoted": the condition fails whenever Terraform gets to check it, which is at apply.
        postcondition: [{ condition: '${self.output.release == "promoted"}', errorMessage: props.refusal }],
      },
    });
    new TerraformOutput(this, "promotion", { value: `NOT PROMOTED: ${props.refusal}`, description: "Why an apply of this stack is refused" }).overrideLogicalId("promotion");
  }

  /** Makes every other resource of `stack` depend on the guard, so that a refused apply changes nothing. */
  guardAll(stack: TerraformStack): void {
    const gate = `${this.resource.terraformResourceType}.${this.resource.friendlyUniqueId}`;
    for (const node of stack.node.findAll()) {
      if (!(node instanceof TerraformResource) || node === this.resource) continue;
      node.dependsOn = [...(node.dependsOn ?? []), gate];
    }
  }
}
