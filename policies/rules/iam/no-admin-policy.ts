import { isReference } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { ATTACHMENT_ARNS, attachedArns, judgeStatements, POLICY_DOCUMENT_TYPES } from "./identity-policies";
import { includesWildcard } from "./policy-document";

/** The AWS managed policy that grants everything. */
const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** A reference to the ARN of a policy this configuration creates. */
const CUSTOMER_POLICY_ARN = /^\$\{aws_iam_policy\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.arn\}$/;

/** No policy grants every action on every resource, whether written out or attached as AdministratorAccess. */
export const noAdminPolicy: Rule = {
  id: "ENV-IAM-001",
  category: "iam",
  title: "IAM policies do not allow \"*\" actions on \"*\" resources, and nothing attaches AdministratorAccess",
  severity: SECURITY,
  appliesTo: [...new Set([...POLICY_DOCUMENT_TYPES, ...Object.keys(ATTACHMENT_ARNS)])],
  equivalents: { checkov: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_274"], trivy: ["AWS-0057"], cis: ["v1.4.0 1.16"] },
  remediation: "List the actions and resource ARNs the workload needs (IAM Access Analyzer policy generation finds them), and attach a scoped policy instead of AdministratorAccess.",
  unwaivableIn: ["prod"],
  check(resource, stack) {
    const admin = attachedArns(resource).filter((arn) => ADMINISTRATOR_ACCESS.test(arn));
    if (admin.length > 0) return fail(`${ATTACHMENT_ARNS[resource.type]} attaches ${admin[0]}: full administrator access`);
    const verdict = judgeStatements(resource, stack, (s) => (s.Effect === "Allow" && includesWildcard(s.Action) && includesWildcard(s.Resource) ? 'allows Action "*" on Resource "*": full administrator access' : undefined));
    if (verdict.kind === "fail") return verdict;
    // An ARN only apply knows (a variable, a data source) may be AdministratorAccess; an aws_iam_policy's ARN names a policy of the customer, judged as a policy.
    const field = ATTACHMENT_ARNS[resource.type];
    const written = field ? resource.attributes[field] : undefined;
    const opaque = (Array.isArray(written) ? written : [written]).filter((arn) => isReference(arn) && !CUSTOMER_POLICY_ARN.test(arn));
    if (opaque.length > 0) return unknownValue(unresolved(field as string, opaque.length === 1 ? opaque[0] : opaque, "policy ARNs other than AdministratorAccess"));
    // An attachment, or a role without inline policies, has no document: it passes once its ARNs are clean.
    return verdict.kind === "not-applicable" && field ? pass() : verdict;
  },
};

