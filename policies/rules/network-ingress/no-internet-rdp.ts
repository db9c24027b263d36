import { Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { checkInternetIngress, INGRESS_TYPES } from "./ingress";

/** Security groups do not allow RDP (3389) from 0.0.0.0/0 or ::/0. */
export const noInternetRdp: Rule = {
  id: "ENV-NET-002",
  category: "network-ingress",
  title: "Security groups do not allow RDP (3389) from 0.0.0.0/0 or ::/0",
  severity: EXPOSURE,
  appliesTo: INGRESS_TYPES,
  equivalents: { checkov: ["CKV_AWS_25"], trivy: ["AWS-0107"], cis: ["v1.2.0 4.2"] },
  remediation: "Remove the rule and use SSM Session Manager / Fleet Manager, or restrict the source to your VPN CIDR.",
  check(resource, stack) {
    return checkInternetIngress(resource, stack, [3389], "remote desktop logins");
  },
};
