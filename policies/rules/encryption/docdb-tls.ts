import { fail, pass, Rule } from "../../rule";
import { unknownValue } from "../helpers";
import { SECURITY } from "../levels";
import { parameterGroupOf, parameterOf } from "./parameter-groups";

/** DocumentDB clusters keep TLS on: the default (and every default group) enables it; only a custom group can turn it off. */
export const docdbTls: Rule = {
  id: "ENV-ENC-025",
  category: "encryption",
  title: "DocumentDB clusters keep TLS enabled (their parameter group does not set tls = disabled)",
  severity: SECURITY,
  appliesTo: ["aws_docdb_cluster"],
  equivalents: { checkov: ["CKV_AWS_90"] },
  remediation: 'Remove the tls parameter from the cluster\'s aws_docdb_cluster_parameter_group, or set it to "enabled" (or "tls1.2+").',
  check(cluster, stack) {
    const group = parameterGroupOf(cluster, "db_cluster_parameter_group_name", "aws_docdb_cluster_parameter_group", stack);
    if (group.kind === "unknown") return unknownValue(`${group.why}; whether it disables tls cannot be verified`);
    if (group.kind === "default") return pass();
    const tls = parameterOf(group.group, "tls");
    if (tls.kind === "unresolved") return unknownValue(tls.why);
    if (tls.kind === "value" && tls.value.toLowerCase() === "disabled") return fail(`${group.group.address} sets tls to disabled: clients connect without TLS, and credentials and documents cross the network in the clear`);
    return pass();
  },
};
