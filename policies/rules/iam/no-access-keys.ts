import { fail, Rule } from "../../rule";
import { SECURITY } from "../levels";

/** No long-lived access keys are created by infrastructure code (they end up in state in plaintext). */
export const noAccessKeys: Rule = {
  id: "ENV-IAM-003",
  category: "iam",
  title: "No IAM access keys are created",
  severity: SECURITY,
  appliesTo: ["aws_iam_access_key"],
  equivalents: {},
  remediation: "Use roles: IRSA or EKS Pod Identity for workloads, OIDC federation for CI, SSO for people. Delete the access key resource.",
  check(key) {
    return fail(`a long-lived access key is created${typeof key.attributes.user === "string" ? ` for user ${key.attributes.user}` : ""}; its secret is stored in the Terraform state`);
  },
};
