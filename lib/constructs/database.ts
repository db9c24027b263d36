import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { LogGroup } from "./log-group";

/** PostgreSQL major version the library deploys. */
export const POSTGRES_MAJOR_VERSION = "16";
const POSTGRES_PORT = 5432;
/** Log types the instance exports to CloudWatch. */
const EXPORTED_LOGS = ["postgresql", "upgrade"] as const;

/** Props of a `Database`. */
export interface DatabaseProps {
  /** RDS identifier, DNS-safe, at most 63 characters. */
  readonly identifier: string;
  readonly vpcId: string;
  /** Private subnets, in at least two zones. */
  readonly subnetIds: string[];
  /** Address ranges allowed to reach port 5432 (the VPC range, typically). */
  readonly allowedCidrs: string[];
  readonly instanceClass: string;
  readonly allocatedStorageGiB: number;
  /** Storage autoscaling ceiling. */
  readonly maxAllocatedStorageGiB: number;
  readonly multiAz: boolean;
  readonly backupRetentionDays: number;
  /** RDS refuses deletion, and Terraform refuses to destroy. */
  readonly deletionProtection: boolean;
  /**
   * Keep a final snapshot (`<identifier>-final`) when the instance is deleted.
   * @default - the value of deletionProtection
   */
  readonly finalSnapshot?: boolean;
  /** KMS key ARN for storage, the managed master password, and the exported logs. */
  readonly kmsKeyArn: string;
  readonly logRetentionDays: number;
  /** Encrypt storage with `kmsKeyArn`. @default true */
  readonly storageEncrypted?: boolean;
  /** Accept IAM database authentication. @default true */
  readonly iamAuthentication?: boolean;
  /** Give the instance a public endpoint. Never do this in prod. @default false */
  readonly publiclyAccessible?: boolean;
  /** @default "app" */
  readonly databaseName?: string;
  /**
   * Enhanced Monitoring granularity in seconds (1, 5, 10, 15, 30 or 60): OS
   * metrics of the instance, published by RDS with a role of its own. 0 turns it off.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
}

/**
 * An RDS PostgreSQL instance in private subnets: encrypted, TLS-only, IAM auth,
 * master password managed in Secrets Manager, logs exported to encrypted log groups,
 * reachable on 5432 from the given ranges only.
 */
export class Database extends Construct {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;
  /** The role RDS publishes Enhanced Monitoring metrics with, when monitoring is on. */
  readonly monitoringRole?: IamRole;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(props.identifier) || props.identifier.endsWith("-") || props.identifier.includes("--")) {
      problems.push(`identifier "${props.identifier}" must be 1-63 lower-case letters, digits and single hyphens, starting with a letter`);
    }
    if (props.allocatedStorageGiB > props.maxAllocatedStorageGiB) {
      problems.push(`allocatedStorageGiB ${props.allocatedStorageGiB} is above maxAllocatedStorageGiB ${props.maxAllocatedStorageGiB}`);
    }
    const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
    if (![0, 1, 5, 10, 15, 30, 60].includes(monitoringInterval)) problems.push(`monitoringIntervalSeconds ${monitoringInterval} is not one RDS accepts: 0 (off), 1, 5, 10, 15, 30 or 60`);
    if (props.allowedCidrs.includes("0.0.0.0/0")) problems.push("allowedCidrs must not contain 0.0.0.0/0: the database is never open to the internet");
    if (problems.length > 0) throw new Error(`Database ${this.node.path}: ${problems.join("; ")}`);

    const subnets = new DbSubnetGroup(this, "subnets", { name: props.identifier, subnetIds: props.subnetIds });
    const parameters = new DbParameterGroup(this, "parameters", {
      name: `${props.identifier}-pg${POSTGRES_MAJOR_VERSION}`,
      family: `postgres${POSTGRES_MAJOR_VERSION}`,
      parameter: [
        { name: "rds.force_ssl", value: "1" },
        { name: "log_connections", value: "1" },
        { name: "log_disconnections", value: "1" },
        { name: "log_min_duration_statement", value: "1000" },
      ],
    });
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.identifier}-db`,
      description: `PostgreSQL ${props.identifier}: port ${POSTGRES_PORT} from the environment network only`,
      vpcId: props.vpcId,
      tags: { Name: `${props.identifier}-db` },
    });
    props.allowedCidrs.forEach((cidr, i) => {
      new VpcSecurityGroupIngressRule(this, `ingress-${i}`, {
        securityGroupId: this.securityGroup.id,
        description: "PostgreSQL from the environment network",
        ipProtocol: "tcp",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        cidrIpv4: cidr,
      });
    });
    const logGroups = EXPORTED_LOGS.map(
      (type) =>
        new LogGroup(this, `logs-${type}`, {
          name: `/aws/rds/instance/${props.identifier}/${type}`,
          retentionDays: props.logRetentionDays,
          kmsKeyArn: props.kmsKeyArn,
        }),
    );

    if (monitoringInterval > 0) {
      const trust = new DataAwsIamPolicyDocument(this, "monitoring-trust", {
        statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["monitoring.rds.amazonaws.com"] }] }],
      });
      this.monitoringRole = new IamRole(this, "monitoring-role", { name: `${props.identifier.slice(0, 49)}-rds-monitoring`, assumeRolePolicy: trust.json });
      const partition = new DataAwsPartition(this, "partition").partition;
      new IamRolePolicyAttachment(this, "monitoring-policy", { role: this.monitoringRole.name, policyArn: `arn:${partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole` });
    }

    this.instance = new DbInstance(this, "instance", {
      identifier: props.identifier,
      engine: "postgres",
      engineVersion: POSTGRES_MAJOR_VERSION,
      instanceClass: props.instanceClass,
      dbName: props.databaseName ?? "app",
      username: "app_admin",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      allocatedStorage: props.allocatedStorageGiB,
      maxAllocatedStorage: props.maxAllocatedStorageGiB,
      storageType: "gp3",
      storageEncrypted: props.storageEncrypted ?? true,
      kmsKeyId: props.storageEncrypted ?? true ? props.kmsKeyArn : undefined,
      multiAz: props.multiAz,
      dbSubnetGroupName: subnets.name,
      parameterGroupName: parameters.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      publiclyAccessible: props.publiclyAccessible ?? false,
      iamDatabaseAuthenticationEnabled: props.iamAuthentication ?? true,
      backupRetentionPeriod: props.backupRetentionDays,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: !(props.finalSnapshot ?? props.deletionProtection),
      finalSnapshotIdentifier: props.finalSnapshot ?? props.deletionProtection ? `${props.identifier}-final` : undefined,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      enabledCloudwatchLogsExports: [...EXPORTED_LOGS],
      // No caCertIdentifier: new instances get rds-ca-rsa2048-g1 (the 2019 CA expired in 2024), and
      // naming it makes the provider modify the new instance after creation and wait a second time.
      monitoringInterval: monitoringInterval,
      monitoringRoleArn: this.monitoringRole?.arn,
      lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
      dependsOn: logGroups.map((g) => g.logGroup),
    });
  }
}
