import { UNKNOWN_AFTER_APPLY } from "../../model";
import { fail, pass, Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { unknownValue } from "../helpers";
import { publicAclProblem, unresolvedAcl } from "./public-acl";

/** The deprecated inline `acl` of a bucket is not public. */
export const s3BucketInlineAclNotPublic: Rule = {
  id: "ENV-PUB-002",
  category: "public-exposure",
  title: "S3 buckets have no public inline ACL",
  severity: EXPOSURE,
  appliesTo: ["aws_s3_bucket"],
  equivalents: { checkov: ["CKV_AWS_20", "CKV_AWS_57"], trivy: ["AWS-0092"] },
  remediation: "Remove the inline acl argument (or set it to \"private\"); grant access through a bucket policy naming principals.",
  unwaivableIn: ["prod"],
  check(bucket) {
    const problem = publicAclProblem(bucket.attributes.acl, undefined);
    if (problem) return fail(problem);
    // In a plan, an acl the configuration leaves unset is computed by the provider (known after apply): it is not set.
    const unknown = bucket.attributes.acl === UNKNOWN_AFTER_APPLY ? undefined : unresolvedAcl(bucket.attributes.acl, undefined);
    return unknown ? unknownValue(unknown) : pass();
  },
};
