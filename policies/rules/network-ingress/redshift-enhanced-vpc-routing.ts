import { Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { PROD_ADVISORY } from "../levels";

/** Redshift COPY and UNLOAD traffic stays in the VPC, where its controls and flow logs apply. */
export const redshiftEnhancedVpcRouting: Rule = {
  id: "ENV-NET-010",
  category: "network-ingress",
  title: "Redshift clusters use enhanced VPC routing (an error in prod)",
  severity: PROD_ADVISORY,
  appliesTo: ["aws_redshift_cluster"],
  equivalents: { checkov: ["CKV_AWS_321"], fsbp: ["Redshift.7"] },
  remediation: "Set enhanced_vpc_routing = true, and give the VPC an S3 gateway endpoint (or a NAT path) so COPY and UNLOAD still reach S3.",
  check(cluster) {
    return requireFlag(cluster.attributes, "enhanced_vpc_routing", "COPY and UNLOAD traffic leaves the VPC over the public network, out of reach of its security groups, endpoint policies and flow logs");
  },
};
