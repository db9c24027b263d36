import { Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { PRODUCTION } from "../levels";

/** A trail's log files can be shown to be unaltered. */
export const cloudtrailLogValidation: Rule = {
  id: "ENV-LOG-006",
  category: "logging",
  title: "CloudTrail trails validate their log files (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_cloudtrail"],
  equivalents: { checkov: ["CKV_AWS_36"], trivy: ["AWS-0016"], cis: ["v1.4.0 3.2"], fsbp: ["CloudTrail.4"] },
  remediation: "Set enable_log_file_validation = true.",
  check(trail) {
    return requireFlag(trail.attributes, "enable_log_file_validation", "a changed or deleted log file cannot be detected");
  },
};
