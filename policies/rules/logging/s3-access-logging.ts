import { fail, pass, Rule } from "../../rule";
import { PRODUCTION } from "../levels";
import { bucketLinks } from "../s3";

/** Production buckets log access; the bucket receiving the logs need not log itself. */
export const s3AccessLogging: Rule = {
  id: "ENV-LOG-001",
  category: "logging",
  control: "security.s3AccessLogging",
  title: "S3 buckets have server access logging (staging and prod)",
  severity: PRODUCTION,
  appliesTo: ["aws_s3_bucket"],
  equivalents: { checkov: ["CKV_AWS_18"], trivy: ["AWS-0089"] },
  remediation: "Use SecureBucket with the environment's log bucket, or add an aws_s3_bucket_logging with target_bucket = the log bucket.",
  check(bucket, stack) {
    if (bucket.attributes.logging !== undefined && bucket.attributes.logging !== null && !isEmptyList(bucket.attributes.logging)) return pass();
    if (bucketLinks(stack, bucket, "aws_s3_bucket_logging").length > 0) return pass();
    if (bucketLinks(stack, bucket, "aws_s3_bucket_logging", "target_bucket").length > 0) return pass();
    return fail("no aws_s3_bucket_logging refers to this bucket, and it is not the target of another bucket's access logs");
  },
};

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}
