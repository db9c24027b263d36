import { TerraformResource, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { EnvkitInputError } from "../../lib/core/errors";
import { parseDeadline, UTC_INSTANT_HINT } from "../../lib/core/time";
import type { Waiver } from "../../policies/waiver-match";
import { recordStackMetadata } from "../stack-metadata";

/** A waiver attached to a construct in TypeScript. */
export interface ConstructWaiver {
  /** The rule waived, e.g. `ENV-LOG-001`. */
  readonly ruleId: string;
  /** Why the finding is acceptable; required. */
  readonly reason: string;
  /** Who answers for the waiver; `owner` or `ticket` is required. */
  readonly owner?: string;
  /** Where the exception is tracked; `owner` or `ticket` is required. */
  readonly ticket?: string;
  /** Last day it applies, `YYYY-MM-DD` (UTC), or an ISO-8601 UTC instant; required. */
  readonly expires: string;
  /**
   * `subtree`: the construct and every resource below it; `self`: only this
   * resource (the construct must be a Terraform resource).
   * @default "subtree"
   */
  readonly scope?: "subtree" | "self";
}

/** A `waive()` call the library cannot accept; it names the construct and every problem. */
export class WaiverError extends EnvkitInputError {}

/**
 * Waives rules for a construct and, unless scoped to `self`, everything below
 * it. The waivers are written into the stack's Terraform JSON (`"//".envkit.waivers`),
 * so every later check of the synthesized files honours them as the synth did.
 * Every problem of every waiver given is reported at once, as a `WaiverError`.
 */
export function waive(construct: IConstruct, ...waivers: ConstructWaiver[]): void {
  const problems: string[] = [];
  waivers.forEach((w, i) => {
    const where = `waiver ${i} (${typeof w?.ruleId === "string" && w.ruleId ? w.ruleId : "no ruleId"})`;
    if (!w || typeof w !== "object") return void problems.push(`${where}: must be an object { ruleId, reason, owner or ticket, expires }`);
    if (!isText(w.ruleId)) problems.push(`${where}: ruleId is required, e.g. "ENV-LOG-001"`);
    if (!isText(w.reason)) problems.push(`${where}: reason is required; say why the finding is acceptable`);
    if (!isText(w.owner) && !isText(w.ticket)) problems.push(`${where}: owner or ticket is required; say who answers for the waiver`);
    if (parseDeadline(w.expires) === undefined) problems.push(`${where}: expires is required as a date YYYY-MM-DD or ${UTC_INSTANT_HINT}; found ${JSON.stringify(w.expires)}`);
    if (w.scope !== undefined && w.scope !== "self" && w.scope !== "subtree") problems.push(`${where}: scope must be "subtree" or "self"; found ${JSON.stringify(w.scope)}`);
    if (w.scope === "self" && !TerraformResource.isTerraformResource(construct)) {
      problems.push(`${where}: scope "self" needs a Terraform resource; ${construct.node.path} is not one (use "subtree")`);
    }
  });
  if (problems.length > 0) throw new WaiverError(`Invalid waiver on ${construct.node.path}:\n  - ${problems.join("\n  - ")}`);
  const stack = TerraformStack.of(construct);
  recordStackMetadata(stack, (metadata) => {
    for (const w of waivers) metadata.waivers.push(toRecorded(w, construct, stack));
  });
}

function toRecorded(w: ConstructWaiver, construct: IConstruct, stack: TerraformStack): Waiver {
  const target =
    w.scope === "self"
      ? { resource: `${(construct as TerraformResource).terraformResourceType}.${stack.getLogicalId(construct as TerraformResource)}` }
      : { constructPath: construct.node.path };
  return {
    ruleId: w.ruleId.trim(),
    ...target,
    reason: w.reason.trim(),
    ...(isText(w.owner) ? { owner: w.owner.trim() } : {}),
    ...(isText(w.ticket) ? { ticket: w.ticket.trim() } : {}),
    expires: w.expires,
  };
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}
