import { Rule } from "../../rule";
import { SECURITY } from "../levels";
import { actionList, judgeStatements, POLICY_DOCUMENT_TYPES } from "./identity-policies";
import { includesWildcard } from "./policy-document";

/** `s3:*`, `iam:*`: every action of one service. */
const SERVICE_WILDCARD = /^[a-z0-9-]+:\*$/i;

/**
 * No identity policy grants a whole service (`s3:*`) on every resource, or
 * everything but a few actions (`NotAction`) on every resource: both hand out
 * actions nobody reviewed, including ones AWS adds later.
 */
export const noServiceWildcard: Rule = {
  id: "ENV-IAM-005",
  category: "iam",
  title: "IAM policies do not allow a whole service's actions (\"s3:*\") or NotAction on \"*\" resources",
  severity: SECURITY,
  appliesTo: POLICY_DOCUMENT_TYPES,
  equivalents: { checkov: ["CKV_AWS_355"], trivy: ["AWS-0057"] },
  remediation: "List the service's actions the workload calls (e.g. s3:GetObject, s3:PutObject) and scope Resource to the ARNs it uses; replace NotAction with the actions it needs.",
  check(resource, stack) {
    return judgeStatements(resource, stack, (s) => {
      if (s.Effect !== "Allow" || !includesWildcard(s.Resource)) return undefined;
      const services = actionList(s.Action).filter((a) => SERVICE_WILDCARD.test(a));
      if (services.length > 0) return `allows ${services.join(", ")} on Resource "*": every action of the service, on every resource of the account`;
      if (s.NotAction !== undefined && s.NotAction !== null) return `allows every action except its NotAction list on Resource "*"`;
      return undefined;
    });
  },
};
