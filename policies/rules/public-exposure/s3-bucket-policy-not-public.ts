import { isReference } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { resolvePolicyDocument, Statement } from "../iam/policy-document";

/** Bucket policies do not allow anyone (Principal "*") without conditions. */
export const s3BucketPolicyNotPublic: Rule = {
  id: "ENV-PUB-003",
  category: "public-exposure",
  title: "S3 bucket policies do not allow any principal without a condition",
  severity: EXPOSURE,
  appliesTo: ["aws_s3_bucket_policy"],
  equivalents: { checkov: ["CKV_AWS_70"] },
  remediation: "Name the principals (accounts, roles, services) in each Allow statement, or restrict it with a Condition such as aws:SourceVpce or aws:PrincipalOrgID.",
  unwaivableIn: ["prod"],
  check(policy, stack) {
    const text = policy.attributes.policy;
    const parsed = resolvePolicyDocument(text, stack);
    if (parsed === undefined) {
      const why = isReference(text) ? `a reference (${text}) that could not be resolved` : "not a JSON policy document";
      return fail(`policy is ${why}; the policy layer cannot verify its principals`, { severity: "info" });
    }
    const open = parsed.map((s, i) => s.Sid ?? `#${i + 1}`).filter((_, i) => isOpenToAnyone(parsed[i]));
    return open.length === 0 ? pass() : fail(`statement ${open.join(", ")} allows Principal "*" with no Condition: anyone on the internet gets the listed actions`);
  },
};

function isOpenToAnyone(statement: Statement): boolean {
  if (statement.Effect !== "Allow" || statement.Condition !== undefined) return false;
  const principal = statement.Principal;
  if (principal === "*") return true;
  if (principal !== null && typeof principal === "object") {
    const aws = (principal as Record<string, unknown>).AWS;
    return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
  }
  return false;
}
