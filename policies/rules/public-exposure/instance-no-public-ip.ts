import { TfResource } from "../../model";
import { fail, pass, Rule, RuleResult } from "../../rule";
import { blocks, flag, unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";

/** Production instances sit behind load balancers, without public addresses of their own. */
export const instanceNoPublicIp: Rule = {
  id: "ENV-PUB-007",
  category: "public-exposure",
  title: "EC2 instances, launch templates and launch configurations do not assign public IP addresses",
  severity: EXPOSURE,
  appliesTo: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
  equivalents: { checkov: ["CKV_AWS_88", "CKV_AWS_389"], trivy: ["AWS-0009"], fsbp: ["EC2.9", "EC2.25"] },
  remediation: "Set associate_public_ip_address = false (launch templates: on every network_interfaces block), place the instances in private subnets, and expose them through a load balancer.",
  check(resource) {
    if (resource.type !== "aws_launch_template") return publicAddress(resource.attributes.associate_public_ip_address, "associate_public_ip_address", resource);
    const results = blocks(resource.attributes.network_interfaces).map((n, i) => publicAddress(n.associate_public_ip_address, `network_interfaces[${i}].associate_public_ip_address`, resource));
    return results.find((r) => r.kind === "fail" && r.severity === undefined) ?? results.find((r) => r.kind === "fail") ?? pass();
  },
};

function publicAddress(raw: unknown, field: string, resource: TfResource): RuleResult {
  const value = flag(raw);
  const what = resource.type === "aws_instance" ? "the instance is" : "the instances it launches are";
  if (value === true) return fail(`${field} is true: ${what} directly reachable from the internet`);
  if (value === "unresolved") return unknownValue(unresolved(field, raw, "true or false"));
  return pass();
}
