import { fail, pass, Rule } from "../../rule";
import { flag, unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";

/** Databases have no public endpoint. */
export const databaseNotPublic: Rule = {
  id: "ENV-PUB-005",
  category: "public-exposure",
  title: "RDS instances are not publicly accessible",
  severity: EXPOSURE,
  appliesTo: ["aws_db_instance", "aws_rds_cluster_instance"],
  equivalents: { checkov: ["CKV_AWS_17"], trivy: ["AWS-0180"] },
  remediation: "Set publicly_accessible = false and reach the database from inside the VPC (bastion, SSM port forwarding or VPN).",
  unwaivableIn: ["prod"],
  check(db) {
    const value = flag(db.attributes.publicly_accessible);
    if (value === true) return fail("publicly_accessible is true: the database gets a public DNS name and address");
    if (value === "unresolved") return unknownValue(unresolved("publicly_accessible", db.attributes.publicly_accessible, "true or false"));
    return pass();
  },
};
