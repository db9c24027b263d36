import { StackModel, TfResource } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { block, blocks, designated, isSet, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";
import { literalString, UNRESOLVED } from "../literal";
import { bucketLinks } from "../s3";

const KMS_ALGORITHMS = new Set(["aws:kms", "aws:kms:dsse"]);
const ENCRYPTION_CONFIGURATION = "aws_s3_bucket_server_side_encryption_configuration";

/** Objects Terraform writes to S3 are encrypted with KMS: by their own setting, or by their bucket's default encryption. */
export const s3ObjectKms: Rule = {
  id: "ENV-ENC-032",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "S3 objects managed by Terraform are encrypted with KMS, by their own setting or their bucket's default",
  severity: SECURITY,
  appliesTo: ["aws_s3_object", "aws_s3_bucket_object"],
  equivalents: { checkov: ["CKV_AWS_186"] },
  remediation: 'Set kms_key_id to the environment key (server_side_encryption = "aws:kms"), or give the bucket an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" (SecureBucket does).',
  check(object, stack) {
    const raw = object.attributes.server_side_encryption;
    const sse = literalString(raw);
    if ((typeof sse === "string" && KMS_ALGORITHMS.has(sse)) || isSet(object.attributes.kms_key_id)) return pass();
    if (sse === UNRESOLVED) return unknownValue(unresolved("server_side_encryption", raw, '"aws:kms" or "AES256"'));
    if (sse !== undefined) return fail(`server_side_encryption is ${JSON.stringify(sse)}: the object is encrypted with S3-managed keys, outside the environment key's access control and audit`);
    const defaults = bucketDefaults(object, stack);
    if (defaults.some((d) => typeof d === "string" && KMS_ALGORITHMS.has(d))) return pass();
    const unknown = defaults.find((d) => d === UNRESOLVED);
    if (unknown) return unknownValue("server_side_encryption is not set and the bucket's default sse_algorithm could not be resolved; set it to a literal so the policy can verify it");
    const found = defaults.filter((d): d is string => typeof d === "string");
    return fail(`server_side_encryption is not set and ${found.length > 0 ? `the bucket's default encryption is ${found.join(", ")}` : "the stack gives the bucket no default encryption with aws:kms"}: the object is stored with S3-managed keys (SSE-S3), outside the environment key's access control and audit`);
  },
};

/** The default sse_algorithm of every encryption configuration in the stack that applies to the object's bucket. */
function bucketDefaults(object: TfResource, stack: StackModel): (string | typeof UNRESOLVED)[] {
  const target = object.attributes.bucket;
  const name = literalString(target);
  const separate = new Set(stack.referencedResources(target, ENCRYPTION_CONFIGURATION));
  if (typeof name === "string") for (const c of stack.withAttributeValue(ENCRYPTION_CONFIGURATION, "bucket", name)) separate.add(c);
  const configurations: unknown[] = [];
  for (const bucket of new Set(bucketsOf(target, stack))) {
    for (const c of bucketLinks(stack, bucket, ENCRYPTION_CONFIGURATION)) separate.add(c);
    configurations.push(bucket.attributes.server_side_encryption_configuration);
  }
  for (const c of separate) configurations.push(c.attributes);
  return configurations.flatMap((c) => blocks(block(c)?.rule).flatMap((rule) => blocks(rule.apply_server_side_encryption_by_default).flatMap((d) => literalString(d.sse_algorithm) ?? [])));
}

/** The aws_s3_bucket resources a `bucket` argument designates: by reference, or by literal name. */
function bucketsOf(target: unknown, stack: StackModel): readonly TfResource[] {
  return designated(stack, target, "aws_s3_bucket", "bucket");
}
