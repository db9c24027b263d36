import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LOG_RETENTION_DAYS } from "../core/aws-limits";

/** Props of a `LogGroup`. */
export interface LogGroupProps {
  readonly name: string;
  /** Days CloudWatch keeps events; one of the values CloudWatch accepts. */
  readonly retentionDays: number;
  /**
   * KMS key ARN that encrypts the events; the key policy must let CloudWatch Logs use it
   * (`EncryptionKey` does). Leave it out only with an explicit `encrypted: false`.
   */
  readonly kmsKeyArn?: string;
  /** Set to false to store events with CloudWatch's own encryption only. @default true */
  readonly encrypted?: boolean;
}

/** A CloudWatch log group with a retention period and, by default, KMS encryption. */
export class LogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly arn: string;
  readonly name: string;

  constructor(scope: Construct, id: string, props: LogGroupProps) {
    super(scope, id);
    const encrypted = props.encrypted ?? true;
    const problems: string[] = [];
    if (!LOG_RETENTION_DAYS.includes(props.retentionDays)) {
      problems.push(`retentionDays ${props.retentionDays} is not accepted by CloudWatch; use one of ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    if (encrypted && !props.kmsKeyArn) problems.push("kmsKeyArn is required unless encrypted is false");
    if (problems.length > 0) throw new Error(`LogGroup ${this.node.path} (${props.name}): ${problems.join("; ")}`);
    this.logGroup = new CloudwatchLogGroup(this, "group", {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: encrypted ? props.kmsKeyArn : undefined,
    });
    this.arn = this.logGroup.arn;
    this.name = this.logGroup.name;
  }
}
