import { Construct } from "constructs";
import { environmentResourceNames, LIBRARY_PARAMETER_KEYS } from "../environments/names";
import type { ResolvedEnvironment } from "../environments/types";
import { ConfigParameters } from "./config-parameters";
import { Database } from "./database";
import { EncryptionKey } from "./encryption-key";
import { LogGroup } from "./log-group";
import { Monitoring } from "./monitoring";
import { TIER_ALARMS } from "../core/alarms";
import { natGatewayZones } from "../core/profile";
import { Network } from "./network";
import { SecureBucket } from "./secure-bucket";
import { ServiceRoles } from "./service-roles";

/** Props of an `Environment`. */
export interface EnvironmentProps {
  /** The resolved environment; see `resolveEnvironments`. */
  readonly environment: ResolvedEnvironment;
}

/**
 * The cloud base of one environment, sized and locked down by its tier:
 * an encryption key, a network with flow logs, an access-log bucket, a data
 * bucket, a PostgreSQL database, an application log group, config parameters,
 * and its monitoring: an alert topic, a budget, alarms sized by tier and a dashboard.
 */
export class Environment extends Construct {
  readonly key: EncryptionKey;
  readonly network: Network;
  readonly accessLogs: SecureBucket;
  readonly data: SecureBucket;
  readonly database: Database;
  readonly appLogs: LogGroup;
  readonly config: ConfigParameters;
  /** Alert topic, budget, alarms and dashboard. */
  readonly monitoring: Monitoring;
  /** IAM roles for the services' Kubernetes service accounts (EKS clusters with an OIDC provider), by service. */
  readonly serviceRoles?: ServiceRoles;

  constructor(scope: Construct, id: string, props: EnvironmentProps) {
    super(scope, id);
    const env = props.environment;
    const { security, sizing, retention } = env;
    const names = environmentResourceNames(env);
    const prefix = names.prefix;
    // What a teardown may delete, by tier: without deletion protection (preview, dev, test) an environment's
    // data goes with it, bucket contents included; with it (staging, prod) data resources refuse to be destroyed,
    // until the environment is decommissioned on purpose (then buckets must still be emptied by hand).
    const tierProtects = retention.deletionProtection;
    const protectData = tierProtects && !env.decommission;

    this.key = new EncryptionKey(this, "key", {
      alias: names.keyAlias,
      description: `Encrypts the data and logs of environment ${env.name} (${env.tier})`,
      region: env.region,
      account: env.account,
      rotation: security.kmsKeyRotation,
      deletionWindowDays: retention.kmsDeletionWindowDays,
      preventDestroy: protectData,
    });
    const logGroup = (id: string, name: string) =>
      new LogGroup(this, id, {
        name,
        retentionDays: retention.logRetentionDays,
        kmsKeyArn: this.key.arn,
        encrypted: security.logGroupEncryption,
      });
    const flowLogGroup = security.vpcFlowLogs ? logGroup("flow-logs", names.flowLogGroup) : undefined;
    this.appLogs = logGroup("app-logs", names.appLogGroup);

    this.network = new Network(this, "network", {
      name: prefix,
      cidr: env.cidr,
      availabilityZones: env.availabilityZones,
      nat: sizing.nat,
      flowLogs: security.vpcFlowLogs,
      flowLogGroup,
      account: env.account,
    });

    const bucketDefaults = {
      versioned: security.s3Versioning,
      blockPublicAccess: security.s3BlockPublicAccess,
      tlsOnly: security.s3TlsOnly,
      forceDestroy: !tierProtects,
      preventDestroy: protectData,
    };
    this.accessLogs = new SecureBucket(this, "access-logs", {
      ...bucketDefaults,
      bucketName: names.accessLogBucket,
      encryption: { kind: "s3-managed" },
      isAccessLogTarget: true,
    });
    this.data = new SecureBucket(this, "data", {
      ...bucketDefaults,
      bucketName: names.dataBucket,
      encryption: security.encryptionAtRest ? { kind: "kms", kmsKeyArn: this.key.arn } : { kind: "s3-managed" },
      accessLogsTo: security.s3AccessLogging ? this.accessLogs : undefined,
    });

    this.database = new Database(this, "database", {
      identifier: names.database,
      vpcId: this.network.vpc.id,
      subnetIds: this.network.privateSubnets.map((s) => s.id),
      allowedCidrs: [env.cidr],
      instanceClass: sizing.dbInstanceClass,
      allocatedStorageGiB: sizing.dbAllocatedStorageGiB,
      maxAllocatedStorageGiB: sizing.dbMaxAllocatedStorageGiB,
      multiAz: sizing.dbMultiAz,
      backupRetentionDays: retention.backupRetentionDays,
      deletionProtection: protectData,
      finalSnapshot: tierProtects,
      kmsKeyArn: this.key.arn,
      logRetentionDays: retention.logRetentionDays,
      storageEncrypted: security.encryptionAtRest,
      iamAuthentication: security.dbIamAuth,
      publiclyAccessible: !security.dbPrivate,
      monitoringIntervalSeconds: TIER_ALARMS[env.tier].dbEnhancedMonitoringSeconds,
    });

    this.config = new ConfigParameters(this, "config", {
      prefix: names.parameterPath,
      kmsKeyArn: this.key.arn,
      values: {
        ...env.config,
        [LIBRARY_PARAMETER_KEYS.tier]: env.tier,
        [LIBRARY_PARAMETER_KEYS.vpcId]: this.network.vpc.id,
        [LIBRARY_PARAMETER_KEYS.dataBucket]: this.data.bucketName,
        [LIBRARY_PARAMETER_KEYS.databaseEndpoint]: this.database.instance.endpoint,
        [LIBRARY_PARAMETER_KEYS.appLogGroup]: this.appLogs.name,
      },
    });
    this.monitoring = new Monitoring(this, "monitoring", {
      prefix,
      environment: env.name,
      region: env.region,
      account: env.account,
      kmsKeyArn: this.key.arn,
      alertEmails: env.alertEmails,
      monthlyBudgetUsd: sizing.monthlyBudgetUsd,
      alarms: TIER_ALARMS[env.tier],
      database: { identifier: this.database.instance.identifier, allocatedStorageGiB: sizing.dbAllocatedStorageGiB },
      natGateways: natGatewayZones(env.availabilityZones, sizing.nat).map((zone, i) => ({ name: zone, id: this.network.natGateways[i].id })),
      deliveryLogGroup: flowLogGroup?.name,
    });
    const k8s = env.kubernetes;
    if (k8s?.cluster.type === "eks" && k8s.cluster.oidcProviderArn && k8s.services.length > 0) {
      this.serviceRoles = new ServiceRoles(this, "service-roles", {
        prefix,
        oidcProviderArn: k8s.cluster.oidcProviderArn,
        namespace: k8s.namespace,
        services: k8s.services.map((s) => s.name),
        parameterPath: names.parameterPath,
        kmsKeyArn: this.key.arn,
        secrets: Object.values(env.secretConfig),
        region: env.region,
        account: env.account,
      });
    }
  }
}
