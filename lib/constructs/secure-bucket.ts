import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";

/**
 * How objects are encrypted at rest.
 *
 * | kind          | algorithm | use                                                        |
 * |---------------|-----------|------------------------------------------------------------|
 * | `kms`         | aws:kms   | data buckets (the default when a key is given)             |
 * | `s3-managed`  | AES256    | S3 server access log targets, which cannot use SSE-KMS     |
 */
export type BucketEncryption = { readonly kind: "kms"; readonly kmsKeyArn: string } | { readonly kind: "s3-managed" };

/** Props of a `SecureBucket`. */
export interface SecureBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  readonly encryption: BucketEncryption;
  /** Keep object versions. @default true */
  readonly versioned?: boolean;
  /** Block every form of public access. @default true */
  readonly blockPublicAccess?: boolean;
  /** Deny requests that do not use TLS. @default true */
  readonly tlsOnly?: boolean;
  /** Write server access logs to this bucket, under `<bucketName>/`. @default - no access logs */
  readonly accessLogsTo?: SecureBucket;
  /** Let S3's logging service write access logs into this bucket. @default false */
  readonly isAccessLogTarget?: boolean;
  /** Days before non-current object versions expire. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Let `terraform destroy` delete a bucket that still holds objects (ephemeral environments). @default false */
  readonly forceDestroy?: boolean;
  /** Refuse `terraform destroy` of the bucket. @default false */
  readonly preventDestroy?: boolean;
}

/**
 * An S3 bucket that is private, encrypted, versioned, TLS-only and owner-enforced,
 * built from the provider's separate S3 resources (the inline blocks are deprecated in AWS provider 5).
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly arn: string;
  /** The bucket policy (TLS-only, and the logging service's grant on a log target), when there is one. */
  readonly policy?: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;
    const bucket = this.bucket.id;

    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        props.encryption.kind === "kms"
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryption.kmsKeyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    new S3BucketVersioningA(this, "versioning", {
      bucket,
      versioningConfiguration: { status: props.versioned ?? true ? "Enabled" : "Disabled" },
    });
    const ownership = new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    const publicAccess =
      props.blockPublicAccess ?? true
        ? new S3BucketPublicAccessBlock(this, "public-access", {
            bucket,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
          })
        : undefined;
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "abort-incomplete-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
        },
      ],
    });
    const statements = this.policyStatements(props);
    if (statements.length > 0) {
      const document = new DataAwsIamPolicyDocument(this, "policy-document", { statement: statements });
      this.policy = new S3BucketPolicy(this, "policy", {
        bucket,
        policy: document.json,
        dependsOn: publicAccess ? [publicAccess, ownership] : [ownership],
      });
    }
    if (props.accessLogsTo) {
      // S3 refuses to log into a bucket whose policy does not yet let the logging service write (InvalidTargetBucketForLogging).
      const target = props.accessLogsTo;
      new S3BucketLoggingA(this, "access-logs", {
        bucket,
        targetBucket: target.bucket.id,
        targetPrefix: `${props.bucketName}/`,
        dependsOn: target.policy ? [target.policy] : [target.bucket],
      });
    }
  }

  private policyStatements(props: SecureBucketProps): DataAwsIamPolicyDocumentStatement[] {
    const statements: DataAwsIamPolicyDocumentStatement[] = [];
    const objects = `${this.bucket.arn}/*`;
    if (props.tlsOnly ?? true) {
      statements.push({
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["s3:*"],
        resources: [this.bucket.arn, objects],
        principals: [{ type: "*", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      });
    }
    if (props.isAccessLogTarget) {
      statements.push({
        sid: "S3ServerAccessLogsDelivery",
        effect: "Allow",
        actions: ["s3:PutObject"],
        resources: [objects],
        principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
      });
    }
    return statements;
  }
}
