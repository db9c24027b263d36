import { Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { PRODUCTION } from "../levels";

/** Production Neptune and DocumentDB clusters cannot be deleted by a stray destroy. */
export const neptuneDocdbClusterDeletionProtection: Rule = {
  id: "ENV-DEL-004",
  category: "deletion-protection",
  control: "lifecycle.deletionProtection",
  title: "Neptune and DocumentDB clusters have deletion protection (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_neptune_cluster", "aws_docdb_cluster"],
  equivalents: { checkov: ["CKV2_AWS_58"], fsbp: ["Neptune.4", "DocumentDB.5"] },
  remediation: "Set deletion_protection = true on the cluster.",
  check(cluster) {
    return requireFlag(cluster.attributes, "deletion_protection", "a destroy or console click deletes the cluster, and its automated backups with it");
  },
};
