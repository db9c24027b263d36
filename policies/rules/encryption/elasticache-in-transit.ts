import { Rule } from "../../rule";
import { requireFlag } from "../helpers";
import { SECURITY } from "../levels";

/** Clients reach ElastiCache over TLS. */
export const elasticacheInTransit: Rule = {
  id: "ENV-ENC-020",
  category: "encryption",
  title: "ElastiCache replication groups encrypt traffic in transit",
  severity: SECURITY,
  appliesTo: ["aws_elasticache_replication_group"],
  equivalents: { checkov: ["CKV_AWS_30"], trivy: ["AWS-0051"] },
  remediation: "Set transit_encryption_enabled = true (and an auth token or RBAC user group).",
  check(group) {
    return requireFlag(group.attributes, "transit_encryption_enabled", "cache traffic, with the data in it, crosses the network in the clear");
  },
};
