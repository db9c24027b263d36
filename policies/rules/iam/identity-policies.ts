/**
 * Identity policies in every form Terraform writes them: managed policies,
 * inline policies on roles, users and groups (as separate resources or as a
 * role's `inline_policy` blocks), and attachments of managed policies by ARN.
 */
import { isReference, StackModel, TfResource } from "../../model";
import { fail, notApplicable, pass, RuleResult } from "../../rule";
import { blocks, unknownValue } from "../helpers";
import { Statement, resolvePolicyDocument, unreadablePolicy } from "./policy-document";

/** Types that hold identity policy documents. */
export const POLICY_DOCUMENT_TYPES = Object.freeze(["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"]);

/** Types that attach managed policies by ARN, with the attribute holding the ARN (or list of ARNs). */
export const ATTACHMENT_ARNS: Readonly<Record<string, string>> = Object.freeze({
  aws_iam_role_policy_attachment: "policy_arn",
  aws_iam_user_policy_attachment: "policy_arn",
  aws_iam_group_policy_attachment: "policy_arn",
  aws_iam_policy_attachment: "policy_arn",
  aws_iam_role: "managed_policy_arns",
});

/** One policy document of a resource, and where it is written. */
export interface PolicyText {
  /** `policy`, or `inline_policy "<name>"` for a role's inline blocks. */
  readonly where: string;
  readonly value: unknown;
}

/** The policy documents a resource holds itself (a role's trust policy is not one of them). */
export function policyTexts(resource: TfResource): PolicyText[] {
  if (resource.type === "aws_iam_role") {
    return blocks(resource.attributes.inline_policy)
      .filter((b) => b.policy !== undefined && b.policy !== null && b.policy !== "")
      .map((b, i) => ({ where: `inline_policy ${JSON.stringify(b.name ?? `#${i + 1}`)}`, value: b.policy }));
  }
  return POLICY_DOCUMENT_TYPES.includes(resource.type) ? [{ where: "policy", value: resource.attributes.policy }] : [];
}

/** Managed policy ARNs a resource attaches, as literals (references are left out: the referenced policy is checked itself). */
export function attachedArns(resource: TfResource): string[] {
  const field = ATTACHMENT_ARNS[resource.type];
  const value = field ? resource.attributes[field] : undefined;
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((v): v is string => typeof v === "string" && !isReference(v));
}

/**
 * Judges every statement of every document of `resource` with `offends`,
 * which returns what is wrong with a statement or undefined. Documents that
 * cannot be read are reported as unknown, unless another one offends.
 */
export function judgeStatements(resource: TfResource, stack: StackModel, offends: (statement: Statement) => string | undefined): RuleResult {
  const texts = policyTexts(resource);
  if (texts.length === 0) return notApplicable();
  const problems: string[] = [];
  const unreadable: string[] = [];
  for (const { where, value } of texts) {
    const statements = resolvePolicyDocument(value, stack);
    if (statements === undefined) {
      unreadable.push(`${where} is ${unreadablePolicy(value)}`);
      continue;
    }
    statements.forEach((s, i) => {
      const problem = offends(s);
      if (problem) problems.push(`${texts.length > 1 || where !== "policy" ? `${where} ` : ""}statement ${s.Sid ?? `#${i + 1}`} ${problem}`);
    });
  }
  if (problems.length > 0) return fail(problems.join("; "));
  if (unreadable.length > 0) return unknownValue(`${unreadable.join("; ")}; it cannot be checked — review it, or check the plan (envctl check --file plan.json)`);
  return pass();
}

/** Actions of a statement as a list of strings (a lone string becomes a list). */
export function actionList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((v): v is string => typeof v === "string");
}
