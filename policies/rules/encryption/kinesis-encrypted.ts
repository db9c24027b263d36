import { TfResource } from "../../model";
import { fail, notApplicable, pass, Rule, RuleResult } from "../../rule";
import { block, isSet, requireFlag, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { literalString, UNRESOLVED } from "../literal";

/** Kinesis data streams and Firehose delivery streams store records encrypted with KMS. */
export const kinesisEncrypted: Rule = {
  id: "ENV-ENC-029",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "Kinesis data streams and Firehose delivery streams are encrypted at rest with KMS",
  severity: SECURITY,
  appliesTo: ["aws_kinesis_stream", "aws_kinesis_firehose_delivery_stream"],
  equivalents: { checkov: ["CKV_AWS_43", "CKV_AWS_185", "CKV_AWS_240"], trivy: ["AWS-0064"], fsbp: ["Kinesis.1", "DataFirehose.1"] },
  remediation: 'Data streams: set encryption_type = "KMS" and kms_key_id to the environment key. Delivery streams (Direct PUT): add server_side_encryption { enabled = true, key_type = "CUSTOMER_MANAGED_CMK", key_arn = <environment key ARN> }.',
  check(stream) {
    return stream.type === "aws_kinesis_stream" ? dataStream(stream) : deliveryStream(stream);
  },
};

function dataStream(stream: TfResource): RuleResult {
  const raw = stream.attributes.encryption_type;
  const type = literalString(raw);
  if (type === UNRESOLVED) return unknownValue(unresolved("encryption_type", raw, '"KMS" or "NONE"'));
  if (type !== "KMS") return fail(`encryption_type is ${type === undefined ? "not set (the provider default is NONE)" : JSON.stringify(type)}: records are stored unencrypted for the whole retention period`);
  return isSet(stream.attributes.kms_key_id) ? pass() : fail('encryption_type is "KMS" but kms_key_id is not set: Kinesis needs a key to encrypt with; set it to the environment key');
}

/** Server-side encryption applies to Direct PUT delivery streams; a stream fed by Kinesis or MSK is protected at its source. */
function deliveryStream(stream: TfResource): RuleResult {
  if (block(stream.attributes.kinesis_source_configuration) || block(stream.attributes.msk_source_configuration)) return notApplicable();
  const enabled = block(stream.attributes.server_side_encryption)?.enabled;
  return requireFlag({ "server_side_encryption.enabled": enabled }, "server_side_encryption.enabled", "records buffered by the delivery stream are stored unencrypted");
}
