import { TerraformResource, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import type { Waiver } from "../../policies/waivers";

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

const WAIVERS = new WeakMap<IConstruct, ConstructWaiver[]>();
const EXPIRY = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/;

/**
 * Waives rules for a construct and, unless scoped to `self`, everything below it.
 * Every problem of every waiver given is reported at once.
 */
export function waive(construct: IConstruct, ...waivers: ConstructWaiver[]): void {
  const problems: string[] = [];
  waivers.forEach((w, i) => {
    const where = `waiver ${i} (${w.ruleId || "no ruleId"})`;
    if (!w.ruleId?.trim()) problems.push(`${where}: ruleId is required`);
    if (!w.reason?.trim()) problems.push(`${where}: reason is required; say why the finding is acceptable`);
    if (!w.owner?.trim() && !w.ticket?.trim()) problems.push(`${where}: owner or ticket is required`);
    if (!w.expires || !EXPIRY.test(w.expires) || Number.isNaN(Date.parse(w.expires))) {
      problems.push(`${where}: expires is required as YYYY-MM-DD or an ISO-8601 UTC instant; found ${JSON.stringify(w.expires)}`);
    }
    if (w.scope === "self" && !TerraformResource.isTerraformResource(construct)) {
      problems.push(`${where}: scope "self" needs a Terraform resource; ${construct.node.path} is not one (use "subtree")`);
    }
  });
  if (problems.length > 0) throw new Error(`Invalid waiver on ${construct.node.path}:\n  - ${problems.join("\n  - ")}`);
  WAIVERS.set(construct, [...(WAIVERS.get(construct) ?? []), ...waivers]);
}

/** The waivers attached to constructs of `stack`, in the policy engine's form. */
export function constructWaiversOf(stack: TerraformStack): Waiver[] {
  const found: Waiver[] = [];
  for (const construct of stack.node.findAll()) {
    for (const w of WAIVERS.get(construct) ?? []) {
      const target =
        w.scope === "self"
          ? { resource: `${(construct as TerraformResource).terraformResourceType}.${stack.getLogicalId(construct as TerraformResource)}` }
          : { constructPath: construct.node.path };
      found.push({ ruleId: w.ruleId, stack: stack.node.id, reason: w.reason, owner: w.owner, ticket: w.ticket, expires: w.expires, ...target });
    }
  }
  return found;
}
