import { Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { checkInternetIngress, INGRESS_TYPES } from "./ingress";

/** Security groups do not open all ports to 0.0.0.0/0 or ::/0. */
export const noInternetAllPorts: Rule = {
  id: "ENV-NET-004",
  category: "network-ingress",
  title: "Security groups do not open all ports to 0.0.0.0/0 or ::/0",
  severity: EXPOSURE,
  appliesTo: INGRESS_TYPES,
  equivalents: { checkov: ["CKV_AWS_277"] },
  remediation: "Open only the ports the service needs (80/443 on a public load balancer), from the narrowest sources.",
  check(resource, stack) {
    return checkInternetIngress(resource, stack, "all", "every port");
  },
};
