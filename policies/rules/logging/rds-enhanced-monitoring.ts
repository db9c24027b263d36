import { StackModel, TfResource } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { designated, isSet, numberValue, unknownValue, unresolved } from "../helpers";
import { PRODUCTION } from "../levels";

const CONSEQUENCE = "the operating-system metrics (processes, memory, swap, I/O) that explain a slow or stuck database are not collected";

/** RDS instances publish Enhanced Monitoring metrics. */
export const rdsEnhancedMonitoring: Rule = {
  id: "ENV-LOG-009",
  category: "logging",
  title: "RDS instances publish Enhanced Monitoring metrics (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  equivalents: { checkov: ["CKV_AWS_118"], fsbp: ["RDS.6"] },
  remediation: "Set monitoring_interval = 60 (seconds; 1, 5, 10, 15, 30 or 60) and monitoring_role_arn to a role that trusts monitoring.rds.amazonaws.com with AmazonRDSEnhancedMonitoringRole attached.",
  check(db, stack) {
    const raw = db.attributes.monitoring_interval;
    const interval = numberValue(raw);
    if (interval === "unresolved") return unknownValue(unresolved("monitoring_interval", raw, "a number of seconds"));
    if (interval === undefined || interval === 0) {
      if (clusterMonitors(db, stack)) return pass();
      return fail(`monitoring_interval is ${interval === undefined ? "not set (the provider default is 0)" : "0"}: ${CONSEQUENCE}`);
    }
    if (isSet(db.attributes.monitoring_role_arn)) return pass();
    return fail(`monitoring_interval is ${interval} but monitoring_role_arn is not set: RDS has no role to publish the metrics with, and refuses the interval without one`);
  },
};

/** Whether an Aurora instance's cluster (declared in this stack) sets Enhanced Monitoring for its instances. */
function clusterMonitors(db: TfResource, stack: StackModel): boolean {
  if (db.type !== "aws_rds_cluster_instance") return false;
  const identifier = db.attributes.cluster_identifier;
  const [cluster] = designated(stack, identifier, "aws_rds_cluster", "cluster_identifier");
  const interval = cluster ? numberValue(cluster.attributes.monitoring_interval) : undefined;
  return typeof interval === "number" && interval > 0 && isSet(cluster?.attributes.monitoring_role_arn);
}
