import { Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { PRODUCTION } from "../levels";

/** A production load balancer cannot be deleted by a stray destroy. */
export const loadBalancerDeletionProtection: Rule = {
  id: "ENV-DEL-003",
  category: "deletion-protection",
  control: "lifecycle.deletionProtection",
  title: "Load balancers have deletion protection (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_lb", "aws_alb"],
  equivalents: { checkov: ["CKV_AWS_150"], fsbp: ["ELB.6"] },
  remediation: "Set enable_deletion_protection = true.",
  check(lb) {
    return requireFlag(lb.attributes, "enable_deletion_protection", "one destroy takes the environment's entry point, and its DNS name, away");
  },
};
