import { Rule } from "../../rule";
import { SECURITY } from "../levels";
import { checkRetention } from "./backup-retention";

/** RDS instances keep automated backups as long as the tier requires. */
export const dbInstanceBackupRetention: Rule = {
  id: "ENV-BAK-001",
  category: "backup",
  control: "lifecycle.backupRetentionDays",
  title: "RDS instances retain automated backups for at least the tier's retention",
  severity: SECURITY,
  appliesTo: ["aws_db_instance"],
  equivalents: { checkov: ["CKV_AWS_133"], trivy: ["AWS-0077"] },
  remediation: "Use the Database construct (it reads the tier's lifecycle.backupRetentionDays), or raise backup_retention_period.",
  check(db, stack) {
    return checkRetention(db, stack, 0);
  },
};
