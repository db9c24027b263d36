import { Rule } from "../../rule";
import { SECURITY } from "../levels";
import { checkRetention } from "./backup-retention";

/** RDS/Aurora clusters keep automated backups as long as the tier requires. */
export const rdsClusterBackupRetention: Rule = {
  id: "ENV-BAK-002",
  category: "backup",
  control: "lifecycle.backupRetentionDays",
  title: "RDS clusters retain automated backups for at least the tier's retention",
  severity: SECURITY,
  appliesTo: ["aws_rds_cluster"],
  equivalents: { checkov: ["CKV_AWS_133"], trivy: ["AWS-0077"] },
  remediation: "Raise backup_retention_period on the cluster to the tier's lifecycle.backupRetentionDays.",
  check(cluster, stack) {
    return checkRetention(cluster, stack, 1);
  },
};
