/**
 * What a refresh-only plan reports that is not drift. Terraform compares the
 * refreshed state with the previous state attribute by attribute, and the AWS
 * provider fills in, on refresh, attributes that another resource owns (the
 * inline `versioning` of an `aws_s3_bucket` when an `aws_s3_bucket_versioning`
 * manages it), attributes that move on their own (a database's
 * `latest_restorable_time`), and empty values written two ways (`tags` null
 * before, `{}` after). Against AWS as against the emulator, a refresh right
 * after a deploy reports them on most resources. Each rule below says which
 * resource owns the attribute or why it moves; an attribute owned elsewhere is
 * ignored only when the stack declares its owner, so that a bucket managed the
 * old way (inline) still has its versioning watched. The owner's own drift is
 * always reported.
 */

/** An attribute that is not drift on resources of `type`. */
export interface NoiseRule {
  readonly type: string;
  /** Top-level attribute names. */
  readonly attributes: readonly string[];
  /** The resource type that owns them; the rule applies only when the stack declares one. */
  readonly ownedBy?: string;
  /** Why it is not drift, for the documentation and `--explain`. */
  readonly reason: string;
}

/** The rules, by resource type. */
export const NOISE_RULES: readonly NoiseRule[] = [
  { type: "aws_s3_bucket", attributes: ["versioning"], ownedBy: "aws_s3_bucket_versioning", reason: "filled in on refresh from the bucket's versioning, which its own resource manages" },
  { type: "aws_s3_bucket", attributes: ["server_side_encryption_configuration"], ownedBy: "aws_s3_bucket_server_side_encryption_configuration", reason: "filled in from the encryption resource" },
  { type: "aws_s3_bucket", attributes: ["lifecycle_rule"], ownedBy: "aws_s3_bucket_lifecycle_configuration", reason: "filled in from the lifecycle configuration resource" },
  { type: "aws_s3_bucket", attributes: ["policy"], ownedBy: "aws_s3_bucket_policy", reason: "filled in from the bucket policy resource" },
  { type: "aws_s3_bucket", attributes: ["logging"], ownedBy: "aws_s3_bucket_logging", reason: "filled in from the logging resource" },
  { type: "aws_s3_bucket", attributes: ["acl", "grant"], ownedBy: "aws_s3_bucket_ownership_controls", reason: "ACLs are disabled by the ownership controls; the grants read back are the owner's own" },
  {
    type: "aws_s3_bucket",
    attributes: ["object_lock_configuration", "replication_configuration", "cors_rule", "website", "request_payer", "acceleration_status"],
    reason: "settings of their own resources in provider 4 and later, read back on refresh whether or not they are managed",
  },
  { type: "aws_security_group", attributes: ["ingress"], ownedBy: "aws_vpc_security_group_ingress_rule", reason: "filled in from the separate ingress rule resources" },
  { type: "aws_security_group", attributes: ["egress"], ownedBy: "aws_vpc_security_group_egress_rule", reason: "filled in from the separate egress rule resources" },
  { type: "aws_iam_role", attributes: ["inline_policy"], ownedBy: "aws_iam_role_policy", reason: "filled in from the role policy resources" },
  { type: "aws_iam_role", attributes: ["managed_policy_arns"], ownedBy: "aws_iam_role_policy_attachment", reason: "filled in from the attachment resources" },
  { type: "aws_sns_topic", attributes: ["policy"], ownedBy: "aws_sns_topic_policy", reason: "filled in from the topic policy resource, which replaces the default policy the topic is created with" },
  { type: "aws_db_instance", attributes: ["latest_restorable_time"], reason: "moves forward every few minutes as backups are taken" },
  { type: "aws_eip", attributes: ["association_id", "instance", "network_interface", "private_ip", "private_dns"], ownedBy: "aws_nat_gateway", reason: "set when the NAT gateway takes the address" },
];

/** True when `attribute` of a `type` resource is noise in a stack that declares `declaredTypes`. */
export function isNoise(type: string, attribute: string, declaredTypes: ReadonlySet<string>): boolean {
  return NOISE_RULES.some((r) => r.type === type && r.attributes.includes(attribute) && (r.ownedBy === undefined || declaredTypes.has(r.ownedBy)));
}

/** Null, an empty map and an empty list are the same value to the provider: the one empty value. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value as object).length === 0;
}
