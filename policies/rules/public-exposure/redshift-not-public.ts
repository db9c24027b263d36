import { fail, pass, Rule } from "../../rule";
import { flag, onAwsProvider6, unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";

/** Redshift clusters have no public endpoint; with the AWS provider 5 that has to be said (its default is public), from provider 6 it is the default. */
export const redshiftNotPublic: Rule = {
  id: "ENV-PUB-010",
  category: "public-exposure",
  title: "Redshift clusters are not publicly accessible",
  severity: EXPOSURE,
  appliesTo: ["aws_redshift_cluster"],
  equivalents: { checkov: ["CKV_AWS_87"], fsbp: ["Redshift.1"] },
  remediation: "Set publicly_accessible = false and reach the warehouse from inside the VPC.",
  unwaivableIn: ["prod"],
  check(cluster, stack) {
    const value = flag(cluster.attributes.publicly_accessible);
    if (value === "unresolved") return unknownValue(unresolved("publicly_accessible", cluster.attributes.publicly_accessible, "true or false"));
    if (value === false || (value === undefined && onAwsProvider6(stack))) return pass();
    return fail(`publicly_accessible is ${value === undefined ? "not set (the AWS provider 5 default is true; pin provider 6, whose default is false, or set it)" : "true"}: the cluster gets a public endpoint, reachable from the internet wherever its security groups allow`);
  },
};
