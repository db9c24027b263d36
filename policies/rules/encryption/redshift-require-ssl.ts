import { fail, pass, Rule } from "../../rule";
import { unknownValue } from "../helpers";
import { SECURITY } from "../levels";
import { familyOf, parameterGroupOf, parameterOf } from "./parameter-groups";

/** require_ssl by parameter group family, where a group leaves it unset (AWS made default.redshift-2.0 the group of new clusters in 2025). */
const REQUIRE_SSL_BY_DEFAULT: Readonly<Record<string, boolean>> = { "redshift-1.0": false, "redshift-2.0": true };

const CONSEQUENCE = "clients may connect without TLS, and credentials and query results cross the network in the clear";

/** Redshift clusters refuse connections that do not use TLS. */
export const redshiftRequireSsl: Rule = {
  id: "ENV-ENC-023",
  category: "encryption",
  title: "Redshift clusters require SSL through their parameter group (require_ssl = true)",
  severity: SECURITY,
  appliesTo: ["aws_redshift_cluster"],
  equivalents: { checkov: ["CKV_AWS_105"], fsbp: ["Redshift.2"] },
  remediation: 'Set cluster_parameter_group_name to an aws_redshift_parameter_group of family redshift-2.0, or one with parameter { name = "require_ssl", value = "true" }.',
  check(cluster, stack) {
    const group = parameterGroupOf(cluster, "cluster_parameter_group_name", "aws_redshift_parameter_group", stack);
    if (group.kind === "unknown") return unknownValue(`${group.why}; whether it sets require_ssl cannot be verified`);
    // Unset, a new cluster gets default.redshift-2.0, which requires SSL.
    if (group.kind === "default" && !group.name) return pass();
    if (group.kind === "group") {
      const parameter = parameterOf(group.group, "require_ssl");
      if (parameter.kind === "unresolved") return unknownValue(parameter.why);
      if (parameter.kind === "value") return parameter.value.toLowerCase() === "true" ? pass() : fail(`${group.group.address} sets require_ssl to ${parameter.value}: ${CONSEQUENCE}`);
    }
    const family = familyOf(group);
    const byDefault = family === undefined ? undefined : REQUIRE_SSL_BY_DEFAULT[family];
    if (byDefault === undefined) return unknownValue(`the parameter group family ${JSON.stringify(family ?? (group.kind === "group" ? group.group.attributes.family : group.name))} is not one whose require_ssl default is known; set require_ssl in the group so the policy can verify it`);
    if (byDefault) return pass();
    const where = group.kind === "group" ? `${group.group.address} does not set require_ssl` : `cluster_parameter_group_name is ${group.name}, an AWS default group`;
    return fail(`${where}, and require_ssl is false by default in the ${family} family: ${CONSEQUENCE}`);
  },
};
