import { fail, pass, Rule } from "../../rule";
import { blocks, flag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/** Types whose devices are root_block_device and ebs_block_device blocks (launch templates use block_device_mappings). */
const INSTANCE_SHAPED = new Set(["aws_instance", "aws_launch_configuration"]);

/** Every block device of an instance, launch template or launch configuration is encrypted: root, extra EBS devices, and template mappings. */
export const instanceBlockDevicesEncrypted: Rule = {
  id: "ENV-ENC-016",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "EC2 instances, launch templates and launch configurations encrypt their root and EBS block devices",
  severity: SECURITY,
  appliesTo: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
  equivalents: { checkov: ["CKV_AWS_8"], trivy: ["AWS-0131", "AWS-0008"] },
  remediation: "Set encrypted = true on root_block_device and every ebs_block_device (launch templates: block_device_mappings[].ebs.encrypted), with kms_key_id the environment key; or enable aws_ebs_encryption_by_default in the account.",
  check(resource) {
    const instanceShaped = INSTANCE_SHAPED.has(resource.type);
    const devices = instanceShaped
      ? [...blocks(resource.attributes.root_block_device).map((d) => ["root_block_device", d] as const), ...blocks(resource.attributes.ebs_block_device).map((d, i) => [`ebs_block_device[${i}]`, d] as const)]
      : blocks(resource.attributes.block_device_mappings).flatMap((m, i) => blocks(m.ebs).map((d) => [`block_device_mappings[${i}].ebs`, d] as const));
    if (instanceShaped && blocks(resource.attributes.root_block_device).length === 0) {
      return fail("root_block_device is not declared, so the root volume takes the AMI's setting (unencrypted unless the AMI or the account's default encrypts it)");
    }
    const unknown = devices.filter(([, d]) => flag(d.encrypted) === "unresolved");
    const plain = devices.filter(([, d]) => flag(d.encrypted) !== true && flag(d.encrypted) !== "unresolved");
    if (plain.length > 0) return fail(`${plain.map(([at]) => at).join(", ")} ${plain.length === 1 ? "is" : "are"} not encrypted: the data on ${plain.length === 1 ? "it" : "them"} and its snapshots is stored in the clear`);
    if (unknown.length > 0) return unknownValue(unresolved(`${unknown[0][0]}.encrypted`, unknown[0][1].encrypted, "true or false"));
    return pass();
  },
};
