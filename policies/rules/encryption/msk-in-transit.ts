import { fail, pass, Rule } from "../../rule";
import { block, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { literalString, UNRESOLVED } from "../literal";

/** Kafka traffic, between clients and brokers and among brokers, is TLS only. */
export const mskInTransit: Rule = {
  id: "ENV-ENC-030",
  category: "encryption",
  title: "MSK clusters encrypt traffic in transit: TLS only between clients and brokers, and among brokers",
  severity: SECURITY,
  appliesTo: ["aws_msk_cluster"],
  equivalents: { checkov: ["CKV_AWS_81"], trivy: ["AWS-0073"], fsbp: ["MSK.1"] },
  remediation: 'Set encryption_info { encryption_in_transit { client_broker = "TLS", in_cluster = true } } (or leave both unset: those are the provider defaults).',
  check(cluster) {
    const transit = block(block(cluster.attributes.encryption_info)?.encryption_in_transit);
    const broker = literalString(transit?.client_broker);
    const inCluster = flag(transit?.in_cluster);
    const problems: string[] = [];
    if (broker === "TLS_PLAINTEXT" || broker === "PLAINTEXT") problems.push(`encryption_info.encryption_in_transit.client_broker is "${broker}": clients can produce and consume records in plaintext`);
    if (inCluster === false) problems.push("encryption_info.encryption_in_transit.in_cluster is false: brokers replicate records to each other in plaintext");
    if (problems.length > 0) return fail(problems.join("; "));
    if (broker === UNRESOLVED) return unknownValue(unresolved("encryption_info.encryption_in_transit.client_broker", transit?.client_broker, '"TLS", "TLS_PLAINTEXT" or "PLAINTEXT"'));
    if (inCluster === "unresolved") return unknownValue(unresolved("encryption_info.encryption_in_transit.in_cluster", transit?.in_cluster, "true or false"));
    return pass();
  },
};
