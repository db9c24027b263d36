import { fail, pass, Rule } from "../../rule";
import { block, isSet, unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";

/** A managed node group given an SSH key opens port 22 to the internet unless source security groups narrow it. */
export const eksNodeGroupSshRestricted: Rule = {
  id: "ENV-NET-006",
  category: "network-ingress",
  title: "EKS node groups with an SSH key allow SSH only from named source security groups",
  severity: EXPOSURE,
  appliesTo: ["aws_eks_node_group"],
  equivalents: { checkov: ["CKV_AWS_100"] },
  remediation: "Remove remote_access and reach nodes through SSM Session Manager, or set remote_access.source_security_group_ids to the bastion's security group.",
  check(group) {
    const access = block(group.attributes.remote_access);
    if (!access || !isSet(access.ec2_ssh_key)) return pass();
    const sources = access.source_security_group_ids;
    if (Array.isArray(sources) && sources.length > 0) return pass();
    if (sources !== undefined && sources !== null && !Array.isArray(sources)) {
      return unknownValue(unresolved("remote_access.source_security_group_ids", sources, "a list of security group ids"));
    }
    return fail("remote_access sets ec2_ssh_key without source_security_group_ids: EKS opens SSH (22) on every node to 0.0.0.0/0");
  },
};
