import { Rule } from "../../rule";
import { requireTrue } from "../helpers";
import { PRODUCTION } from "../levels";

/** Production databases cannot be deleted by a stray destroy. */
export const dbInstanceDeletionProtection: Rule = {
  id: "ENV-DEL-001",
  category: "deletion-protection",
  control: "lifecycle.deletionProtection",
  title: "RDS instances have deletion protection (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_db_instance"],
  equivalents: { checkov: ["CKV_AWS_293"], trivy: ["AWS-0177"], fsbp: ["RDS.8"] },
  remediation: "Use the Database construct (it reads the tier's lifecycle.deletionProtection), or set deletion_protection = true.",
  check(db) {
    return requireTrue(db.attributes, "deletion_protection", "a destroy or console click deletes the database");
  },
};
