import { Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { checkInternetIngress, INGRESS_TYPES } from "./ingress";

/** Security groups do not allow SSH (22) from 0.0.0.0/0 or ::/0. */
export const noInternetSsh: Rule = {
  id: "ENV-NET-001",
  category: "network-ingress",
  title: "Security groups do not allow SSH (22) from 0.0.0.0/0 or ::/0",
  severity: EXPOSURE,
  appliesTo: INGRESS_TYPES,
  equivalents: { checkov: ["CKV_AWS_24"], trivy: ["AWS-0107"], cis: ["v1.2.0 4.1"] },
  remediation: "Remove the rule and use SSM Session Manager, or restrict the source to your VPN or bastion CIDR.",
  check(resource, stack) {
    return checkInternetIngress(resource, stack, [22], "SSH logins");
  },
};
