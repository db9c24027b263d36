import { fail, pass, Rule } from "../../rule";
import { flag, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";

/** Production instances sit behind load balancers, without public addresses of their own. */
export const instanceNoPublicIp: Rule = {
  id: "ENV-PUB-007",
  category: "public-exposure",
  title: "EC2 instances in production do not get a public IP address",
  severity: EXPOSURE,
  appliesTo: ["aws_instance"],
  equivalents: { checkov: ["CKV_AWS_88"] },
  remediation: "Set associate_public_ip_address = false, place the instance in a private subnet, and expose it through a load balancer.",
  check(instance) {
    const value = flag(instance.attributes.associate_public_ip_address);
    if (value === true) return fail("associate_public_ip_address is true: the instance is directly reachable from the internet");
    if (value === "unresolved") return fail(unresolved("associate_public_ip_address", instance.attributes.associate_public_ip_address, "true or false"));
    return pass();
  },
};
