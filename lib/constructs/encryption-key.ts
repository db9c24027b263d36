import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";

/** Props of an `EncryptionKey`. */
export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix, e.g. `acme-dev`. */
  readonly alias: string;
  readonly description: string;
  /** Region whose CloudWatch Logs service may use the key. */
  readonly region: string;
  /**
   * Account that owns the key. It names the key policy's root principal.
   * @default - looked up with `aws_caller_identity` (which needs AWS credentials at plan time)
   */
  readonly account?: string;
  /** Days AWS waits before deleting the key, 7 to 30. @default 30 */
  readonly deletionWindowDays?: number;
  /** Rotate the key material yearly. @default true */
  readonly rotation?: boolean;
  /** Let CloudWatch Logs in `region` encrypt log groups of this account with the key. @default true */
  readonly allowCloudWatchLogs?: boolean;
  /** Let CloudWatch alarms and AWS Budgets publish to SNS topics encrypted with the key. @default true */
  readonly allowAlerting?: boolean;
  /** Refuse `terraform destroy` of the key. @default false */
  readonly preventDestroy?: boolean;
}

/**
 * A customer-managed symmetric KMS key with rotation, an alias, and a key
 * policy that delegates to the account's IAM, lets CloudWatch Logs use it, and
 * lets the account's alarms and budgets publish to topics it encrypts.
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  /** ARN of the key, for `kms_key_id` arguments. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const partition = new DataAwsPartition(this, "partition").partition;
    const account = props.account ?? new DataAwsCallerIdentity(this, "caller").accountId;
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: "AccountAdministersKeyThroughIam",
        actions: ["kms:*"],
        resources: ["*"],
        principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${account}:root`] }],
      },
    ];
    if (props.allowCloudWatchLogs ?? true) {
      statements.push({
        sid: "CloudWatchLogsEncryptsLogGroups",
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        principals: [{ type: "Service", identifiers: [`logs.${props.region}.amazonaws.com`] }],
        condition: [
          {
            test: "ArnLike",
            variable: "kms:EncryptionContext:aws:logs:arn",
            values: [`arn:${partition}:logs:${props.region}:${account}:log-group:*`],
          },
        ],
      });
    }
    if (props.allowAlerting ?? true) {
      statements.push({
        sid: "AlarmsAndBudgetsPublishToEncryptedTopics",
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        resources: ["*"],
        principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }],
      });
    }
    const policy = new DataAwsIamPolicyDocument(this, "policy", { statement: statements });
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: props.rotation ?? true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: policy.json,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.alias = new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = this.key.arn;
  }
}
