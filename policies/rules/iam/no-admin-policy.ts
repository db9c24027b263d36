import { isReference } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { SECURITY } from "../levels";
import { includesWildcard, resolvePolicyDocument, Statement } from "./policy-document";

/** No policy grants every action on every resource. */
export const noAdminPolicy: Rule = {
  id: "ENV-IAM-001",
  category: "iam",
  title: "IAM policies do not allow \"*\" actions on \"*\" resources",
  severity: SECURITY,
  appliesTo: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"],
  equivalents: { checkov: ["CKV_AWS_62", "CKV_AWS_63"], trivy: ["AWS-0057"], cis: ["v1.4.0 1.16"] },
  remediation: "List the actions and resource ARNs the workload needs; use IAM Access Analyzer policy generation to find them.",
  unwaivableIn: ["prod"],
  check(policy, stack) {
    const text = policy.attributes.policy;
    const statements = resolvePolicyDocument(text, stack);
    if (statements === undefined) {
      const why = isReference(text) ? `a reference (${String(text)}) that could not be resolved` : "not a JSON policy document";
      return fail(`policy is ${why}; it cannot be checked for "*" permissions — review it, or check the plan (envctl check --file plan.json)`, { severity: "info" });
    }
    const admin = statements.map((s, i) => s.Sid ?? `#${i + 1}`).filter((_, i) => isAdmin(statements[i]));
    if (admin.length === 0) return pass();
    return fail(`statement ${admin.join(", ")} allows Action "*" on Resource "*": full administrator access`);
  },
};

function isAdmin(statement: Statement): boolean {
  return statement.Effect === "Allow" && includesWildcard(statement.Action) && includesWildcard(statement.Resource);
}
