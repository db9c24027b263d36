import { UNKNOWN_AFTER_APPLY } from "../../model";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { unknownValue } from "../helpers";
import { EXPOSURE } from "../levels";
import { openStatements } from "../iam/open-principal";
import { resolvePolicyDocument, unreadablePolicy } from "../iam/policy-document";

/** Bucket policies do not allow anyone (Principal "*") without conditions. */
export const s3BucketPolicyNotPublic: Rule = {
  id: "ENV-PUB-003",
  category: "public-exposure",
  title: "S3 bucket policies do not allow any principal without a condition",
  severity: EXPOSURE,
  appliesTo: ["aws_s3_bucket_policy", "aws_s3_bucket"],
  equivalents: { checkov: ["CKV_AWS_70"] },
  remediation: "Name the principals (accounts, roles, services) in each Allow statement, or restrict it with a Condition such as aws:SourceVpce or aws:PrincipalOrgID.",
  unwaivableIn: ["prod"],
  check(policy, stack) {
    const text = policy.attributes.policy;
    // A bucket's inline policy (deprecated, still common) is optional; a separate aws_s3_bucket_policy always has one.
    if (text === undefined || text === null || text === "" || (policy.type === "aws_s3_bucket" && text === UNKNOWN_AFTER_APPLY)) return notApplicable();
    const parsed = resolvePolicyDocument(text, stack);
    if (parsed === undefined) {
      return unknownValue(`policy is ${unreadablePolicy(text)}; the policy layer cannot verify its principals`);
    }
    const open = openStatements(parsed);
    return open.length === 0 ? pass() : fail(`statement ${open.join(", ")} allows Principal "*" with no Condition that narrows the caller: anyone on the internet gets the listed actions`);
  },
};
