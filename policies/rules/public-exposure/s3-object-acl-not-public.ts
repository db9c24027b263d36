import { fail, pass, Rule } from "../../rule";
import { unknownValue, unresolved } from "../helpers";
import { EXPOSURE } from "../levels";
import { literalString, UNRESOLVED } from "../literal";
import { publicAclProblem } from "./public-acl";

/** Objects Terraform writes to S3 carry no public canned ACL. */
export const s3ObjectAclNotPublic: Rule = {
  id: "ENV-PUB-013",
  category: "public-exposure",
  title: "S3 objects managed by Terraform have no public canned ACL",
  severity: EXPOSURE,
  appliesTo: ["aws_s3_object", "aws_s3_bucket_object"],
  equivalents: {},
  remediation: 'Remove acl (or set acl = "private") and keep the bucket\'s object ownership BucketOwnerEnforced; publish content through CloudFront with origin access control.',
  check(object) {
    const raw = object.attributes.acl;
    const acl = literalString(raw);
    if (acl === UNRESOLVED) return unknownValue(unresolved("acl", raw, "a canned ACL"));
    const problem = publicAclProblem(acl, undefined);
    return problem ? fail(problem) : pass();
  },
};
