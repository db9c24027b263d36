import { isReference, TfResource, UNKNOWN_AFTER_APPLY } from "../../model";
import { fail, notApplicable, pass, Rule } from "../../rule";
import { blocks, unknownValue } from "../helpers";
import { EXPOSURE } from "../levels";
import { openStatements } from "../iam/open-principal";
import { resolvePolicyDocument, unreadablePolicy } from "../iam/policy-document";

/** Where each resource type holds its policy, and, for a separate policy resource, the argument naming what it governs. */
const POLICY_OF: Readonly<Record<string, readonly [policy: string, target?: string]>> = {
  aws_sqs_queue: ["policy"],
  aws_sqs_queue_policy: ["policy", "queue_url"],
  aws_sns_topic: ["policy"],
  aws_sns_topic_policy: ["policy", "arn"],
  aws_opensearch_domain: ["access_policies"],
  aws_opensearch_domain_policy: ["access_policies", "domain_name"],
  aws_elasticsearch_domain: ["access_policies"],
  aws_elasticsearch_domain_policy: ["access_policies", "domain_name"],
  aws_ecr_repository_policy: ["policy", "repository"],
  aws_secretsmanager_secret: ["policy"],
  aws_secretsmanager_secret_policy: ["policy", "secret_arn"],
  aws_kms_key: ["policy"],
};

const DOMAIN_TYPES = ["aws_opensearch_domain", "aws_elasticsearch_domain"];

/**
 * Queues, topics, search domains, repositories, secrets and keys do not let
 * anyone in through their resource policy, whether the policy is inline, a
 * separate policy resource, or a referenced `aws_iam_policy_document`.
 */
export const resourcePolicyNotPublic: Rule = {
  id: "ENV-PUB-014",
  category: "public-exposure",
  title: "Resource policies of queues, topics, search domains, repositories, secrets and keys do not allow any principal without a narrowing condition",
  severity: EXPOSURE,
  appliesTo: Object.keys(POLICY_OF),
  equivalents: { checkov: ["CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_32", "CKV_AWS_33"] },
  remediation:
    "Name the principals (accounts, roles, services) in each Allow statement, or narrow Principal \"*\" with a Condition on aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or aws:SourceVpce.",
  unwaivableIn: ["prod"],
  check(resource, stack) {
    const [field, targetField] = POLICY_OF[resource.type];
    const text = resource.attributes[field];
    // An inline policy a plan knows only after apply is the computed read-back of an unset attribute.
    if (text === undefined || text === null || text === "" || (!targetField && text === UNKNOWN_AFTER_APPLY)) return notApplicable();
    const statements = resolvePolicyDocument(text, stack);
    if (statements === undefined) {
      return unknownValue(`${field} is ${unreadablePolicy(text)}; who it lets in cannot be verified`);
    }
    const open = openStatements(statements);
    if (open.length === 0) return pass();
    const target = targetField ? stack.referencedResources(resource.attributes[targetField])[0] : resource;
    const governed = target && target !== resource ? ` on ${target.address}` : "";
    if (target && DOMAIN_TYPES.includes(target.type) && inVpc(target)) {
      return fail(`statement ${open.join(", ")} allows Principal "*" with no Condition that narrows the caller${governed}: the domain is in a VPC, so anyone who reaches its subnets gets the listed actions`, { severity: "warning" });
    }
    return fail(`statement ${open.join(", ")} allows Principal "*" with no Condition that narrows the caller: anyone on the internet gets the listed actions${governed}`);
  },
};

function inVpc(domain: TfResource): boolean {
  return blocks(domain.attributes.vpc_options).some((o) => Array.isArray(o.subnet_ids) ? o.subnet_ids.length > 0 : isReference(o.subnet_ids));
}
