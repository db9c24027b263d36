import { fail, notApplicable, pass, Rule } from "../../rule";
import { unknownValue } from "../helpers";
import { EXPOSURE } from "../levels";
import { openStatements } from "./open-principal";
import { resolvePolicyDocument, unreadablePolicy } from "./policy-document";

/** A role's trust policy names who may assume it; "*" without a narrowing condition is anyone with an AWS account. */
export const roleTrustNotPublic: Rule = {
  id: "ENV-IAM-006",
  category: "iam",
  title: "IAM role trust policies do not let any principal assume the role without a narrowing condition",
  severity: EXPOSURE,
  appliesTo: ["aws_iam_role"],
  equivalents: { checkov: ["CKV_AWS_60"] },
  remediation: "Name the accounts, roles or services that assume the role in Principal, or narrow it with a Condition on aws:PrincipalOrgID, aws:PrincipalArn or aws:SourceAccount.",
  unwaivableIn: ["prod"],
  check(role, stack) {
    const text = role.attributes.assume_role_policy;
    if (text === undefined || text === null || text === "") return notApplicable();
    const statements = resolvePolicyDocument(text, stack);
    if (statements === undefined) {
      return unknownValue(`assume_role_policy is ${unreadablePolicy(text)}; who may assume the role cannot be verified`);
    }
    const open = openStatements(statements);
    return open.length === 0 ? pass() : fail(`assume_role_policy statement ${open.join(", ")} lets Principal "*" assume the role with no Condition that narrows the caller: any AWS account gets its permissions`);
  },
};
