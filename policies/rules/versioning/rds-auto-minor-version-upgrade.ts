import { Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { PROD_ADVISORY } from "../levels";

/** RDS instances take minor engine versions, security fixes among them, in their maintenance window. */
export const rdsAutoMinorVersionUpgrade: Rule = {
  id: "ENV-VER-003",
  category: "versioning",
  title: "RDS instances apply minor engine upgrades automatically (an error in prod)",
  severity: PROD_ADVISORY,
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  equivalents: { checkov: ["CKV_AWS_226"], fsbp: ["RDS.13"] },
  remediation: "Use the Database construct, or remove auto_minor_version_upgrade = false (the provider default is true).",
  check(db) {
    return requireFlag(db.attributes, "auto_minor_version_upgrade", "engine patches, security fixes among them, wait until someone applies them by hand", true);
  },
};
