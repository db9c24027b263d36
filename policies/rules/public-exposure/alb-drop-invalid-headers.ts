import { notApplicable, Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { EXPOSURE } from "../levels";

/** An application load balancer drops headers that could smuggle requests past it. */
export const albDropInvalidHeaders: Rule = {
  id: "ENV-PUB-008",
  category: "public-exposure",
  title: "Application load balancers drop invalid HTTP header fields",
  severity: EXPOSURE,
  appliesTo: ["aws_lb", "aws_alb"],
  equivalents: { checkov: ["CKV_AWS_131"], trivy: ["AWS-0052"], fsbp: ["ELB.4"] },
  remediation: "Set drop_invalid_header_fields = true.",
  check(lb) {
    const kind = lb.attributes.load_balancer_type ?? "application";
    if (kind !== "application") return notApplicable();
    return requireFlag(lb.attributes, "drop_invalid_header_fields", "malformed headers reach the targets, which enables request smuggling");
  },
};
