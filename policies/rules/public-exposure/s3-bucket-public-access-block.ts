import { fail, pass, Rule } from "../../rule";
import { flag } from "../helpers";
import { EXPOSURE } from "../levels";
import { bucketLinks } from "../s3";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

/** Every bucket has a public access block with all four protections on. */
export const s3BucketPublicAccessBlock: Rule = {
  id: "ENV-PUB-004",
  category: "public-exposure",
  title: "S3 buckets have a public access block with all four settings true",
  severity: EXPOSURE,
  appliesTo: ["aws_s3_bucket"],
  equivalents: { checkov: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"], trivy: ["AWS-0094", "AWS-0086", "AWS-0087", "AWS-0091", "AWS-0093"] },
  remediation: `Use SecureBucket, or add an aws_s3_bucket_public_access_block for the bucket with ${FLAGS.join(", ")} all true.`,
  check(bucket, stack) {
    const blocks = bucketLinks(stack, bucket, "aws_s3_bucket_public_access_block");
    if (blocks.length === 0) return fail("bucket has no aws_s3_bucket_public_access_block");
    const best = blocks.map((b) => ({ address: b.address, off: FLAGS.filter((f) => flag(b.attributes[f]) !== true) }));
    const complete = best.find((b) => b.off.length === 0);
    if (complete) return pass();
    return fail(best.map((b) => `${b.address} does not set ${b.off.join(", ")} to true`).join("; "));
  },
};
