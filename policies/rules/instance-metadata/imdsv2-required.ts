import { fail, pass, Rule } from "../../rule";
import { block, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/** Instances require IMDSv2 session tokens, closing the SSRF path to instance credentials. */
export const imdsv2Required: Rule = {
  id: "ENV-IMDS-001",
  category: "instance-metadata",
  control: "security.imdsV2Required",
  title: "Instances, launch templates and launch configurations require IMDSv2 (http_tokens = required)",
  severity: SECURITY,
  appliesTo: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
  equivalents: { checkov: ["CKV_AWS_79"], trivy: ["AWS-0028", "AWS-0130"] },
  remediation: "Add metadata_options { http_tokens = \"required\", http_endpoint = \"enabled\", http_put_response_hop_limit = 1 }.",
  check(resource) {
    const options = block(resource.attributes.metadata_options);
    if (options?.http_endpoint === "disabled") return pass();
    const tokens = options?.http_tokens;
    if (tokens === "required") return pass();
    if (typeof tokens === "string" && tokens.includes("${")) return unknownValue(unresolved("metadata_options.http_tokens", tokens, "\"required\" or \"optional\""));
    return fail(`metadata_options.http_tokens is ${tokens === undefined ? "not set (IMDSv1 stays enabled)" : JSON.stringify(tokens)}; allowed: "required"`);
  },
};
