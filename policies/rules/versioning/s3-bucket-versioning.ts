import { fail, pass, Rule } from "../../rule";
import { block, flag } from "../helpers";
import { SECURITY } from "../levels";
import { bucketLinks } from "../s3";

/** Buckets keep object versions, inline or through aws_s3_bucket_versioning. */
export const s3BucketVersioning: Rule = {
  id: "ENV-VER-001",
  category: "versioning",
  control: "security.s3Versioning",
  title: "S3 buckets have versioning enabled",
  severity: SECURITY,
  appliesTo: ["aws_s3_bucket"],
  equivalents: { checkov: ["CKV_AWS_21"], trivy: ["AWS-0090"] },
  remediation: "Use SecureBucket, or add an aws_s3_bucket_versioning for the bucket with versioning_configuration { status = \"Enabled\" }.",
  check(bucket, stack) {
    if (flag(block(bucket.attributes.versioning)?.enabled) === true) return pass();
    const separate = bucketLinks(stack, bucket, "aws_s3_bucket_versioning");
    if (separate.some((v) => block(v.attributes.versioning_configuration)?.status === "Enabled")) return pass();
    if (separate.length === 0) return fail("versioning is not enabled inline and no aws_s3_bucket_versioning refers to this bucket");
    const statuses = separate.map((v) => `${v.address} has status ${JSON.stringify(block(v.attributes.versioning_configuration)?.status)}`);
    return fail(`${statuses.join("; ")}; allowed: "Enabled"`);
  },
};
