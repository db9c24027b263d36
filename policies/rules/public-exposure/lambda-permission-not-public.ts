import { fail, pass, Rule } from "../../rule";
import { isSet, unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";
import { literalString, UNRESOLVED } from "../literal";

/**
 * A Lambda permission names who may invoke the function: never everyone,
 * and an AWS service only for the resources (or the account) the
 * environment owns, so that another account's bucket or topic cannot
 * invoke it (the confused deputy).
 */
export const lambdaPermissionNotPublic: Rule = {
  id: "ENV-PUB-011",
  category: "public-exposure",
  title: 'Lambda permissions do not grant principal "*", and service principals are scoped by source_arn or source_account',
  severity: EXPOSURE,
  appliesTo: ["aws_lambda_permission"],
  equivalents: { checkov: ["CKV_AWS_301", "CKV_AWS_364"], trivy: ["AWS-0067"], fsbp: ["Lambda.1"] },
  remediation: 'Name the caller: an account or role ARN as principal, or a service principal with source_arn set to the invoking resource\'s ARN (and source_account to the environment\'s account for S3); never principal = "*" without source_account or principal_org_id.',
  check(permission) {
    const a = permission.attributes;
    const principal = literalString(a.principal);
    if (principal === UNRESOLVED) return unknownValue(unresolved("principal", a.principal, "a principal"));
    if (principal === "*") {
      if (isSet(a.source_account) || isSet(a.principal_org_id) || isSet(a.source_arn)) return pass();
      return fail('principal is "*" and neither source_account, principal_org_id nor source_arn narrows it: any AWS account (and, through a function URL, anyone on the internet) can invoke the function');
    }
    if (principal?.endsWith(".amazonaws.com")) {
      if (isSet(a.source_arn) || isSet(a.source_account)) return pass();
      return fail(`principal is the service ${principal} with neither source_arn nor source_account: a ${principal} resource in any AWS account can invoke the function`);
    }
    return pass();
  },
};
