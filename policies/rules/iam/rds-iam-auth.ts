import { Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { SECURITY } from "../levels";

/** Databases accept IAM authentication, so that people and services need no long-lived password. */
export const rdsIamAuth: Rule = {
  id: "ENV-IAM-004",
  category: "iam",
  control: "security.dbIamAuth",
  title: "RDS instances and clusters accept IAM database authentication",
  severity: SECURITY,
  appliesTo: ["aws_db_instance", "aws_rds_cluster"],
  equivalents: { checkov: ["CKV_AWS_161"], trivy: ["AWS-0176"], fsbp: ["RDS.10"] },
  remediation: "Use the Database construct, or set iam_database_authentication_enabled = true.",
  check(db) {
    return requireFlag(db.attributes, "iam_database_authentication_enabled", "every client needs a database password, which cannot be revoked per person");
  },
};
