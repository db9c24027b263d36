import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/** OpenSearch/Elasticsearch domains encrypt their indices at rest. */
export const searchDomainEncryptedAtRest: Rule = {
  id: "ENV-ENC-013",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "OpenSearch and Elasticsearch domains are encrypted at rest",
  severity: SECURITY,
  appliesTo: ["aws_opensearch_domain", "aws_elasticsearch_domain"],
  equivalents: { checkov: ["CKV_AWS_5"], trivy: ["AWS-0048"] },
  remediation: "Add encrypt_at_rest { enabled = true, kms_key_id = <environment key> } to the domain.",
  check(domain) {
    const setting = block(domain.attributes.encrypt_at_rest)?.enabled;
    const enabled = flag(setting);
    if (enabled === true) return pass();
    if (enabled === "unresolved") return unknownValue(unresolved("encrypt_at_rest.enabled", setting, "true or false"));
    return fail("encrypt_at_rest.enabled is not true: indices and snapshots are stored unencrypted");
  },
};
