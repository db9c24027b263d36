import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { PRODUCTION } from "../levels";

/**
 * Production load balancers record access logs. The `access_logs` block has
 * one shape for both kinds, but not one default: `enabled` defaults to false
 * on aws_lb/aws_alb (even with a bucket) and to true on a classic aws_elb.
 */
export const loadBalancerAccessLogs: Rule = {
  id: "ENV-LOG-002",
  category: "logging",
  title: "Load balancers write access logs (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_lb", "aws_alb", "aws_elb"],
  equivalents: { checkov: ["CKV_AWS_91", "CKV_AWS_92"], fsbp: ["ELB.5"] },
  remediation: "Add access_logs { bucket = <log bucket>, enabled = true } to the load balancer.",
  check(lb) {
    const logs = block(lb.attributes.access_logs);
    if (!logs) return fail("access_logs is not configured: requests through the load balancer leave no record");
    const enabledByDefault = lb.type === "aws_elb";
    const enabled = flag(logs.enabled);
    if (enabled === "unresolved") return unknownValue(unresolved("access_logs.enabled", logs.enabled, "true or false"));
    if (enabled === false) return fail("access_logs.enabled is false");
    if (enabled === undefined && !enabledByDefault) return fail("access_logs.enabled is not set (the provider default is false, even with a bucket): requests through the load balancer leave no record");
    return typeof logs.bucket === "string" && logs.bucket !== "" ? pass() : fail("access_logs has no bucket");
  },
};
