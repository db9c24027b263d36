import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { PRODUCTION } from "../levels";

const TARGETS = ["cloudwatch_logs", "firehose", "s3"] as const;

/** MSK brokers deliver their logs to CloudWatch Logs, Firehose or S3. */
export const mskBrokerLogs: Rule = {
  id: "ENV-LOG-015",
  category: "logging",
  title: "MSK clusters deliver broker logs to CloudWatch Logs, Firehose or S3 (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_msk_cluster"],
  equivalents: { checkov: ["CKV_AWS_80"], trivy: ["AWS-0074"] },
  remediation: "Add logging_info { broker_logs { cloudwatch_logs { enabled = true, log_group = <log group name> } } } (or firehose / s3 with enabled = true).",
  check(cluster) {
    const logs = block(block(cluster.attributes.logging_info)?.broker_logs);
    const enabled = TARGETS.map((t) => [t, block(logs?.[t])?.enabled] as const);
    if (enabled.some(([, value]) => flag(value) === true)) return pass();
    const unknown = enabled.find(([, value]) => flag(value) === "unresolved");
    if (unknown) return unknownValue(unresolved(`logging_info.broker_logs.${unknown[0]}.enabled`, unknown[1], "true or false"));
    return fail("logging_info.broker_logs enables none of cloudwatch_logs, firehose or s3: broker errors, client connections and authentication failures are not recorded");
  },
};
