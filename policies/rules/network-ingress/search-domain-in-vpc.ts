import { isReference } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { block, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { presence } from "../presence";

/**
 * A search domain lives in the VPC's subnets. Outside a VPC its endpoint is
 * on the internet, guarded by its access policy alone (whether that policy is
 * open is judged with the policy, not here).
 */
export const searchDomainInVpc: Rule = {
  id: "ENV-NET-008",
  category: "network-ingress",
  title: "OpenSearch and Elasticsearch domains are placed in a VPC",
  severity: SECURITY,
  appliesTo: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  equivalents: { checkov: ["CKV_AWS_137"], fsbp: ["Opensearch.2", "ES.2"] },
  remediation: "Add vpc_options { subnet_ids = <private subnets>, security_group_ids = <domain security group> } to the domain (a domain cannot be moved into a VPC in place: it is replaced).",
  check(domain) {
    const written = domain.attributes.vpc_options;
    const options = block(written);
    if (!options) {
      if (isReference(written)) return unknownValue(unresolved("vpc_options", written, "a vpc_options block"));
      return fail("vpc_options is not declared: the domain has a public endpoint on the internet, guarded only by its access policy");
    }
    const subnets = options.subnet_ids;
    const given = Array.isArray(subnets) ? (subnets.length > 0 ? "set" : "unset") : presence(subnets);
    if (given === "set") return pass();
    if (given === "unknown") return unknownValue(unresolved("vpc_options.subnet_ids", subnets, "a list of subnets"));
    return fail("vpc_options has no subnet_ids: the domain has a public endpoint on the internet, guarded only by its access policy");
  },
};
