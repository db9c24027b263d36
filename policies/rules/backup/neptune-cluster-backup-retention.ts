import { Rule } from "../../rule";
import { numberValue, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { checkRetention } from "./backup-retention";

/** Neptune clusters keep automated backups as long as the tier requires. */
export const neptuneClusterBackupRetention: Rule = {
  id: "ENV-BAK-004",
  category: "backup",
  control: "lifecycle.backupRetentionDays",
  title: "Neptune clusters retain automated backups for at least the tier's retention",
  severity: SECURITY,
  appliesTo: ["aws_neptune_cluster"],
  equivalents: { checkov: ["CKV_AWS_361"], fsbp: ["Neptune.5"] },
  remediation: "Raise backup_retention_period on the cluster (the default is 1 day) to the tier's lifecycle.backupRetentionDays.",
  check(cluster, stack) {
    const raw = cluster.attributes.backup_retention_period;
    if (numberValue(raw) === "unresolved") return unknownValue(unresolved("backup_retention_period", raw, "a number of days"));
    return checkRetention(cluster, stack, 1);
  },
};
