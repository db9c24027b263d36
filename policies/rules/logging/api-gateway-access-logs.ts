import { isReference } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { block, unknownValue, unresolved } from "../helpers";
import { PRODUCTION } from "../levels";
import { presence } from "../presence";

/** REST (v1) and HTTP/WebSocket (v2) API stages log every request to a destination. */
export const apiGatewayAccessLogs: Rule = {
  id: "ENV-LOG-017",
  category: "logging",
  title: "API Gateway stages write access logs (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_api_gateway_stage", "aws_apigatewayv2_stage"],
  equivalents: { checkov: ["CKV_AWS_76"], trivy: ["AWS-0001"], fsbp: ["APIGateway.9"] },
  remediation: "Add access_log_settings { destination_arn = <log group arn>, format = <access log format> } to the stage.",
  check(stage) {
    const written = stage.attributes.access_log_settings;
    const settings = block(written);
    if (!settings) {
      if (isReference(written)) return unknownValue(unresolved("access_log_settings", written, "an access_log_settings block"));
      return fail("access_log_settings is not declared: who called the API, from where, and with what result is not recorded");
    }
    const destination = presence(settings.destination_arn);
    if (destination === "set") return pass();
    if (destination === "unknown") return unknownValue(unresolved("access_log_settings.destination_arn", settings.destination_arn, "a log destination arn"));
    return fail("access_log_settings has no destination_arn: who called the API, from where, and with what result is not recorded");
  },
};
