import { TfResource } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { block, blocks } from "../helpers";
import { SECURITY } from "../levels";
import { bucketLinks } from "../s3";

/** S3 buckets are encrypted at rest, inline or by a separate encryption resource (AES256 or aws:kms). */
export const s3BucketEncrypted: Rule = {
  id: "ENV-ENC-001",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "S3 buckets have server-side encryption",
  severity: SECURITY,
  appliesTo: ["aws_s3_bucket"],
  equivalents: { checkov: ["CKV_AWS_19"], trivy: ["AWS-0088"], cis: ["v1.4.0 2.1.1"] },
  remediation: "Use SecureBucket, or add an aws_s3_bucket_server_side_encryption_configuration for this bucket (sse_algorithm aws:kms with the environment key, or AES256).",
  check(bucket, stack) {
    if (algorithmOf(bucket.attributes.server_side_encryption_configuration)) return pass();
    const separate = bucketLinks(stack, bucket, "aws_s3_bucket_server_side_encryption_configuration");
    if (separate.some((c) => algorithmOf(c.attributes))) return pass();
    return fail(describe(separate));
  },
};

const ALGORITHMS = new Set(["AES256", "aws:kms", "aws:kms:dsse"]);

/** The algorithm of an inline configuration block or of a separate configuration resource. */
function algorithmOf(configuration: unknown): string | undefined {
  for (const rule of blocks(block(configuration)?.rule)) {
    const algorithm = block(rule.apply_server_side_encryption_by_default)?.sse_algorithm;
    if (typeof algorithm === "string" && ALGORITHMS.has(algorithm)) return algorithm;
  }
  return undefined;
}

function describe(separate: readonly TfResource[]): string {
  if (separate.length === 0) return "bucket has no server-side encryption configuration, inline or as a separate resource";
  return `${separate.map((c) => c.address).join(", ")} sets no sse_algorithm of ${[...ALGORITHMS].join(", ")}`;
}
