import { isReference } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/**
 * A search domain authorizes per user, role and index (fine-grained access
 * control). Without it, every principal the domain's access policy admits may
 * read and write every index.
 */
export const searchDomainFineGrainedAccess: Rule = {
  id: "ENV-IAM-007",
  category: "iam",
  title: "OpenSearch and Elasticsearch domains use fine-grained access control",
  severity: SECURITY,
  appliesTo: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  equivalents: { checkov: ["CKV2_AWS_52"], fsbp: ["Opensearch.7"] },
  remediation: "Add advanced_security_options { enabled = true, master_user_options { master_user_arn = <admin role arn> } } to the domain (it needs HTTPS enforced, node-to-node encryption and encryption at rest).",
  check(domain) {
    const written = domain.attributes.advanced_security_options;
    const options = block(written);
    if (!options) {
      if (isReference(written)) return unknownValue(unresolved("advanced_security_options", written, "an advanced_security_options block"));
      return fail("advanced_security_options is not declared (fine-grained access control is off): every principal the access policy admits may read and write every index");
    }
    const enabled = flag(options.enabled);
    if (enabled === true) return pass();
    if (enabled === "unresolved") return unknownValue(unresolved("advanced_security_options.enabled", options.enabled, "true or false"));
    return fail(`advanced_security_options.enabled is ${enabled === undefined ? "not set" : "false"} (fine-grained access control is off): every principal the access policy admits may read and write every index`);
  },
};
