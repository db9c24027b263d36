import { fail, notApplicable, Rule } from "../../rule";
import { SECURITY } from "../levels";

/** Users get permissions through groups or roles: no inline policies, no policies attached to a user. */
export const noInlineUserPolicy: Rule = {
  id: "ENV-IAM-002",
  category: "iam",
  title: "No IAM user has policies of its own (inline or attached)",
  severity: SECURITY,
  appliesTo: ["aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment"],
  equivalents: { checkov: ["CKV_AWS_40"], trivy: ["AWS-0143"], cis: ["v1.4.0 1.15"] },
  remediation: "Attach permissions to a role assumed through SSO or OIDC (or to a group), and delete the user's own policy or attachment.",
  check(resource) {
    if (resource.type === "aws_iam_user_policy") return fail("an inline policy is attached directly to an IAM user; permissions should come from roles or groups");
    if (resource.type === "aws_iam_user_policy_attachment") return fail("a managed policy is attached directly to an IAM user; permissions should come from roles or groups");
    const users = resource.attributes.users;
    const named = Array.isArray(users) ? users.length > 0 : users !== undefined && users !== null && users !== "";
    return named ? fail("users lists IAM users: the managed policy is attached directly to them; permissions should come from roles or groups") : notApplicable();
  },
};
