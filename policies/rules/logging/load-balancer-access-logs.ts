import { fail, pass, Rule } from "../../rule";
import { block, flag, unresolved } from "../helpers";
import { PRODUCTION } from "../levels";

/** Production load balancers record access logs. */
export const loadBalancerAccessLogs: Rule = {
  id: "ENV-LOG-002",
  category: "logging",
  title: "Load balancers write access logs (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_lb", "aws_alb"],
  equivalents: { checkov: ["CKV_AWS_91"] },
  remediation: "Add access_logs { bucket = <log bucket>, enabled = true } to the load balancer.",
  check(lb) {
    const logs = block(lb.attributes.access_logs);
    if (!logs) return fail("access_logs is not configured: requests through the load balancer leave no record");
    const enabled = flag(logs.enabled);
    if (enabled === "unresolved") return fail(unresolved("access_logs.enabled", logs.enabled, "true or false"));
    if (enabled === false) return fail("access_logs.enabled is false");
    return typeof logs.bucket === "string" && logs.bucket !== "" ? pass() : fail("access_logs has no bucket");
  },
};
