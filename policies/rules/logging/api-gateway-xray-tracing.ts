import { Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { PROD_ADVISORY } from "../levels";

/** REST API stages trace requests with X-Ray (HTTP and WebSocket stages cannot). */
export const apiGatewayXrayTracing: Rule = {
  id: "ENV-LOG-018",
  category: "logging",
  title: "API Gateway REST stages trace requests with X-Ray (an error in prod)",
  severity: PROD_ADVISORY,
  appliesTo: ["aws_api_gateway_stage"],
  equivalents: { checkov: ["CKV_AWS_73"], trivy: ["AWS-0003"], fsbp: ["APIGateway.3"] },
  remediation: "Set xray_tracing_enabled = true on the stage.",
  check(stage) {
    return requireFlag(stage.attributes, "xray_tracing_enabled", "a slow or failing request cannot be followed through the API to the services behind it");
  },
};
