import { Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { PRODUCTION } from "../levels";

/** A trail records every region, so that activity in an unused region is not invisible. */
export const cloudtrailMultiRegion: Rule = {
  id: "ENV-LOG-005",
  category: "logging",
  title: "CloudTrail trails record every region (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_cloudtrail"],
  equivalents: { checkov: ["CKV_AWS_67"], trivy: ["AWS-0014"], cis: ["v1.4.0 3.1"], fsbp: ["CloudTrail.1"] },
  remediation: "Set is_multi_region_trail = true.",
  check(trail) {
    return requireFlag(trail.attributes, "is_multi_region_trail", "calls in other regions, where an intruder would work, are not recorded");
  },
};
