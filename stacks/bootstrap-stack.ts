import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EncryptionKey } from "../lib/constructs/encryption-key";
import { SecureBucket } from "../lib/constructs/secure-bucket";
import { MANAGED_BY, TAG_KEYS } from "../lib/core/tags";

/** Props of a `BootstrapStack`. */
export interface BootstrapStackProps {
  /** Name of the state bucket to create; environments name it in their `s3` backend. */
  readonly stateBucketName: string;
  readonly region: string;
  /** Account that holds the state; Terraform refuses any other. */
  readonly account: string;
  readonly owner: string;
  readonly costCentre: string;
  /** @default "bootstrap" */
  readonly stackId?: string;
}

/**
 * Creates the S3 bucket that holds every environment's Terraform state:
 * KMS-encrypted, versioned, private, TLS-only, protected from destroy.
 * It keeps its own state locally: apply it once, then commit nothing but code.
 */
export class BootstrapStack extends TerraformStack {
  readonly stateBucket: SecureBucket;
  readonly key: EncryptionKey;

  constructor(scope: Construct, props: BootstrapStackProps) {
    super(scope, props.stackId ?? "bootstrap");
    new AwsProvider(this, "aws", {
      region: props.region,
      allowedAccountIds: [props.account],
      defaultTags: [
        {
          tags: {
            [TAG_KEYS.environment]: "bootstrap",
            [TAG_KEYS.tier]: "prod",
            [TAG_KEYS.owner]: props.owner,
            [TAG_KEYS.costCentre]: props.costCentre,
            [TAG_KEYS.managedBy]: MANAGED_BY,
            [TAG_KEYS.lifecycle]: "persistent",
          },
        },
      ],
    });
    this.key = new EncryptionKey(this, "state-key", {
      allowAlerting: false,
      alias: `${props.stateBucketName}-state`,
      description: "Encrypts Terraform state",
      region: props.region,
      account: props.account,
      allowCloudWatchLogs: false,
      preventDestroy: true,
    });
    this.stateBucket = new SecureBucket(this, "state", {
      bucketName: props.stateBucketName,
      encryption: { kind: "kms", kmsKeyArn: this.key.arn },
      noncurrentVersionExpirationDays: 365,
      preventDestroy: true,
    });
  }
}
