import { fail, pass, Rule } from "../../rule";
import { unknownValue } from "../helpers";
import { PRODUCTION } from "../levels";

/** A database's own logs reach CloudWatch, where they are kept and searched. */
export const rdsLogExports: Rule = {
  id: "ENV-LOG-007",
  category: "logging",
  title: "RDS instances and clusters export their logs to CloudWatch (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  equivalents: { checkov: ["CKV_AWS_129"], fsbp: ["RDS.9"] },
  remediation: 'Use the Database construct, or set enabled_cloudwatch_logs_exports (for PostgreSQL ["postgresql", "upgrade"]).',
  check(db) {
    const exports = db.attributes.enabled_cloudwatch_logs_exports;
    if (typeof exports === "string" && exports.includes("${")) return unknownValue(`enabled_cloudwatch_logs_exports is ${JSON.stringify(exports)}, which could not be resolved; set it to a literal list so the policy can verify it`);
    return Array.isArray(exports) && exports.length > 0 ? pass() : fail("enabled_cloudwatch_logs_exports is empty: the database's logs stay on the instance and go with it");
  },
};
