import { fail, pass, Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { unknownValue } from "../helpers";
import { publicAclProblem, unresolvedAcl } from "./public-acl";

/** Separate bucket ACL resources grant nothing to everyone or to all AWS users. */
export const s3BucketAclNotPublic: Rule = {
  id: "ENV-PUB-001",
  category: "public-exposure",
  title: "S3 bucket ACL resources are not public",
  severity: EXPOSURE,
  appliesTo: ["aws_s3_bucket_acl"],
  equivalents: { checkov: ["CKV_AWS_20", "CKV_AWS_57", "CKV2_AWS_43"], trivy: ["AWS-0092"] },
  remediation: "Use acl = \"private\" (or remove the ACL and set object ownership to BucketOwnerEnforced); share data through a bucket policy naming principals.",
  unwaivableIn: ["prod"],
  check(acl) {
    const problem = publicAclProblem(acl.attributes.acl, acl.attributes.access_control_policy);
    if (problem) return fail(problem);
    const unknown = unresolvedAcl(acl.attributes.acl, acl.attributes.access_control_policy);
    return unknown ? unknownValue(unknown) : pass();
  },
};
