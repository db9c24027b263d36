import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/** OpenSearch/Elasticsearch nodes talk to each other over TLS. */
export const searchDomainNodeToNode: Rule = {
  id: "ENV-ENC-014",
  category: "encryption",
  title: "OpenSearch and Elasticsearch domains encrypt node-to-node traffic",
  severity: SECURITY,
  appliesTo: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  equivalents: { checkov: ["CKV_AWS_6"], trivy: ["AWS-0043"] },
  remediation: "Add node_to_node_encryption { enabled = true } to the domain.",
  check(domain) {
    const setting = block(domain.attributes.node_to_node_encryption)?.enabled;
    const enabled = flag(setting);
    if (enabled === true) return pass();
    if (enabled === "unresolved") return unknownValue(unresolved("node_to_node_encryption.enabled", setting, "true or false"));
    return fail("node_to_node_encryption.enabled is not true: traffic between cluster nodes is plaintext");
  },
};
