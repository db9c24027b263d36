import { fail, pass, Rule } from "../../rule";
import { flag, unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";

/** Neptune instances have no public endpoint. */
export const neptuneInstanceNotPublic: Rule = {
  id: "ENV-PUB-009",
  category: "public-exposure",
  title: "Neptune cluster instances are not publicly accessible",
  severity: EXPOSURE,
  appliesTo: ["aws_neptune_cluster_instance"],
  equivalents: { checkov: ["CKV_AWS_102"] },
  remediation: "Remove publicly_accessible (the provider default is false) and reach the graph from inside the VPC.",
  unwaivableIn: ["prod"],
  check(instance) {
    const value = flag(instance.attributes.publicly_accessible);
    if (value === "unresolved") return unknownValue(unresolved("publicly_accessible", instance.attributes.publicly_accessible, "true or false"));
    return value === true ? fail("publicly_accessible is true: the instance gets a public DNS name and address, reachable from the internet") : pass();
  },
};
