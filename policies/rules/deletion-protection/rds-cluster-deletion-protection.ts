import { Rule } from "../../rule";
import { requireTrue } from "../helpers";
import { PRODUCTION } from "../levels";

/** Production clusters cannot be deleted by a stray destroy. */
export const rdsClusterDeletionProtection: Rule = {
  id: "ENV-DEL-002",
  category: "deletion-protection",
  control: "lifecycle.deletionProtection",
  title: "RDS clusters have deletion protection (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_rds_cluster"],
  equivalents: { checkov: ["CKV_AWS_139"], trivy: ["AWS-0343"] },
  remediation: "Set deletion_protection = true on the cluster.",
  check(cluster) {
    return requireTrue(cluster.attributes, "deletion_protection", "a destroy or console click deletes the cluster");
  },
};
