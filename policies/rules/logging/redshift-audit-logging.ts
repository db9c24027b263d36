import { StackModel, TfResource } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { PRODUCTION } from "../levels";

/** Redshift clusters write audit logs (connections, user changes, queries), inline or through aws_redshift_logging. */
export const redshiftAuditLogging: Rule = {
  id: "ENV-LOG-012",
  category: "logging",
  title: "Redshift clusters have audit logging enabled (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_redshift_cluster"],
  equivalents: { checkov: ["CKV_AWS_71"], fsbp: ["Redshift.4"] },
  remediation:
    'Add an aws_redshift_logging resource with cluster_identifier = this cluster\'s id and log_destination_type = "cloudwatch" (or bucket_name), or, with the AWS provider 5 only, set logging { enable = true } on the cluster (deprecated in 5, removed in provider 6).',
  check(cluster, stack) {
    if (separateLogging(cluster, stack)) return pass();
    const inline = block(cluster.attributes.logging);
    const enabled = flag(inline?.enable);
    if (enabled === true) return pass();
    if (enabled === "unresolved") return unknownValue(unresolved("logging.enable", inline?.enable, "true or false"));
    return fail(`${inline ? "logging.enable is false" : "logging is not set"} and no aws_redshift_logging refers to this cluster: connections, user changes and queries are not recorded`);
  },
};

/** Whether an aws_redshift_logging resource names this cluster, by reference or by its literal identifier. */
function separateLogging(cluster: TfResource, stack: StackModel): boolean {
  if (stack.referrersOf(cluster, "aws_redshift_logging").some((l) => stack.refersTo(l.attributes.cluster_identifier, cluster))) return true;
  const identifier = cluster.attributes.cluster_identifier;
  return typeof identifier === "string" && !identifier.includes("${") && stack.withAttributeValue("aws_redshift_logging", "cluster_identifier", identifier).length > 0;
}
