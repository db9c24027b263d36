/**
 * How S3 sub-resources (versioning, encryption, logging, public access
 * blocks, ACLs, policies) find their bucket: by a reference to it, or by its
 * literal bucket name in hand-written Terraform.
 */
import { StackModel, TfResource } from "../model";

/** Resources of `type` whose `bucket` argument designates `bucket`. */
export function bucketLinks(stack: StackModel, bucket: TfResource, type: string, attribute = "bucket"): TfResource[] {
  const linked = stack.referrersOf(bucket, type).filter((r) => stack.refersTo(r.attributes[attribute], bucket));
  const name = bucket.attributes.bucket;
  if (typeof name === "string" && name !== "" && !name.includes("${")) {
    for (const r of stack.withAttributeValue(type, attribute, name)) if (!linked.includes(r)) linked.push(r);
  }
  return linked;
}
