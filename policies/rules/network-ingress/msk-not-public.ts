import { fail, pass, Rule } from "../../rule";
import { block, unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";
import { literalString, UNRESOLVED } from "../literal";

/** MSK brokers have no public IP addresses. */
export const mskNotPublic: Rule = {
  id: "ENV-NET-007",
  category: "network-ingress",
  title: "MSK brokers are not reachable from the internet (public access DISABLED)",
  severity: EXPOSURE,
  appliesTo: ["aws_msk_cluster"],
  equivalents: { checkov: ["CKV_AWS_291"], fsbp: ["MSK.4"] },
  remediation: 'Remove broker_node_group_info.connectivity_info.public_access, or set its type = "DISABLED"; reach the brokers through the VPC (peering, PrivateLink or multi-VPC connectivity).',
  check(cluster) {
    const raw = block(block(block(cluster.attributes.broker_node_group_info)?.connectivity_info)?.public_access)?.type;
    const type = literalString(raw);
    if (type === undefined || type === "DISABLED") return pass();
    if (type === UNRESOLVED) return unknownValue(unresolved("broker_node_group_info.connectivity_info.public_access.type", raw, '"DISABLED" or "SERVICE_PROVIDED_EIPS"'));
    return fail(`broker_node_group_info.connectivity_info.public_access.type is ${JSON.stringify(type)}: every broker gets a public IP address and is reachable from the internet`);
  },
};
