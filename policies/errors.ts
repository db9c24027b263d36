/**
 * Errors of the policy layer, as small factories that state where, what was
 * found, what is allowed and how to fix it.
 */

import { EnvkitInputError } from "../lib/core/errors";

/** Input the policy layer cannot read: a file, a format, an option or a policy configuration. Exit code 2. */
export class PolicyInputError extends EnvkitInputError {}

/** The JSON is neither Terraform configuration JSON nor `terraform show -json` plan output. */
export function unknownTerraformFormat(where: string, found: string): PolicyInputError {
  return new PolicyInputError(
    `${where}: not Terraform JSON. Found ${found}; expected either configuration JSON (a cdktf cdk.tf.json or *.tf.json ` +
      `with a top-level "resource", "provider", "terraform", "variable" or "data" key) or a plan from ` +
      `\`terraform show -json <planfile>\` (with "format_version" and "planned_values"). ` +
      `Run \`cdktf synth\` or \`terraform show -json plan.out > plan.json\` and pass that file.`,
  );
}

/** A stack's `tier` default tag names no tier. */
export function unknownTierTag(where: string, value: unknown, allowed: readonly string[]): PolicyInputError {
  return new PolicyInputError(
    `${where}: the provider default tag "tier" is ${JSON.stringify(value)}, which is not a tier. ` +
      `Allowed tiers: ${allowed.join(", ")}. Fix the tag or pass the tier explicitly (--tier).`,
  );
}

/** Two rules share an id. */
export function duplicateRuleId(id: string): PolicyInputError {
  return new PolicyInputError(
    `Rule id ${id} is used by more than one rule. Rule ids must be unique; rename one of them (ids look like ENV-<AREA>-<NNN>).`,
  );
}

/** The JSON has `format_version` but neither the plan's nor the state's shape. */
export function unknownShowShape(where: string, found: string): PolicyInputError {
  return new PolicyInputError(
    `${where}: has "format_version" but is neither a plan (with "planned_values") nor a state (with "values"): found ${found}. ` +
      "Pass `terraform show -json <planfile>` or `terraform show -json` (the state); other JSON that Terraform prints cannot be judged.",
  );
}
