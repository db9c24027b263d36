import { fail, pass, Rule } from "../../rule";
import { PRODUCTION } from "../levels";

/** Production VPCs record flow logs. */
export const vpcFlowLogs: Rule = {
  id: "ENV-LOG-003",
  category: "logging",
  control: "security.vpcFlowLogs",
  title: "VPCs have flow logs (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_vpc"],
  equivalents: { checkov: ["CKV2_AWS_11"], trivy: ["AWS-0178"], cis: ["v1.2.0 2.9"], fsbp: ["EC2.6"] },
  remediation: "Use the Network construct (it records flow logs), or add an aws_flow_log with vpc_id = this VPC's id.",
  check(vpc, stack) {
    const logs = stack.referrersOf(vpc, "aws_flow_log").filter((f) => stack.refersTo(f.attributes.vpc_id, vpc));
    return logs.length > 0 ? pass() : fail("no aws_flow_log refers to this VPC: network traffic is not recorded");
  },
};
