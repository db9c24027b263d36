import { fail, Rule } from "../../rule";
import { SECURITY } from "../levels";

/** Users get permissions through groups or roles, never inline policies. */
export const noInlineUserPolicy: Rule = {
  id: "ENV-IAM-002",
  category: "iam",
  title: "No inline IAM user policies",
  severity: SECURITY,
  appliesTo: ["aws_iam_user_policy"],
  equivalents: { checkov: ["CKV_AWS_40"], trivy: ["AWS-0143"], cis: ["v1.4.0 1.15"] },
  remediation: "Attach permissions to a role assumed through SSO or OIDC (or to a group), and delete the inline user policy.",
  check() {
    return fail("an inline policy is attached directly to an IAM user; permissions should come from roles or groups");
  },
};
