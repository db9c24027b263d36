import { fail, pass, Rule } from "../../rule";
import { flag, unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";

/** Redshift clusters have no public endpoint; with the AWS provider 5.x that has to be said. */
export const redshiftNotPublic: Rule = {
  id: "ENV-PUB-010",
  category: "public-exposure",
  title: "Redshift clusters are not publicly accessible",
  severity: EXPOSURE,
  appliesTo: ["aws_redshift_cluster"],
  equivalents: { checkov: ["CKV_AWS_87"], fsbp: ["Redshift.1"] },
  remediation: "Set publicly_accessible = false and reach the warehouse from inside the VPC.",
  unwaivableIn: ["prod"],
  check(cluster) {
    const value = flag(cluster.attributes.publicly_accessible);
    if (value === "unresolved") return unknownValue(unresolved("publicly_accessible", cluster.attributes.publicly_accessible, "true or false"));
    if (value === false) return pass();
    return fail(`publicly_accessible is ${value === undefined ? "not set (the provider default is true)" : "true"}: the cluster gets a public endpoint, reachable from the internet wherever its security groups allow`);
  },
};
