import { Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { SECURITY } from "../levels";

/** ElastiCache replication groups encrypt their data and backups at rest. */
export const elasticacheAtRest: Rule = {
  id: "ENV-ENC-019",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "ElastiCache replication groups are encrypted at rest",
  severity: SECURITY,
  appliesTo: ["aws_elasticache_replication_group"],
  equivalents: { checkov: ["CKV_AWS_29"], trivy: ["AWS-0045"] },
  remediation: "Set at_rest_encryption_enabled = true and kms_key_id to the environment key.",
  check(group) {
    return requireFlag(group.attributes, "at_rest_encryption_enabled", "cached data and its snapshots are stored in the clear");
  },
};
