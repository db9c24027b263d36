/**
 * The names an environment's resources get in AWS, in one place: the
 * constructs create them under these names, and `envctl status` finds them
 * by the same names.
 */

/** What the names derive from. */
export interface NamedEnvironment {
  readonly organization: string;
  readonly name: string;
}

/** The AWS names of an environment's resources. */
export interface EnvironmentResourceNames {
  /** `<org>-<env>`: the prefix of the VPC, NAT gateways, roles and the database. */
  readonly prefix: string;
  /** The KMS alias, without `alias/`. */
  readonly keyAlias: string;
  readonly dataBucket: string;
  readonly accessLogBucket: string;
  /** The RDS instance identifier. */
  readonly database: string;
  /** The SSM parameter path; each setting is `<path>/<key>`. */
  readonly parameterPath: string;
  readonly appLogGroup: string;
  readonly flowLogGroup: string;
  /** What every alarm's name starts with (`Monitoring` names them `<prefix>-<what>`). */
  readonly alarmPrefix: string;
}

/** The names of `env`'s resources. */
export function environmentResourceNames(env: NamedEnvironment): EnvironmentResourceNames {
  const prefix = `${env.organization}-${env.name}`;
  const path = `/${env.organization}/${env.name}`;
  return {
    prefix,
    keyAlias: prefix,
    dataBucket: `${prefix}-data`,
    accessLogBucket: `${prefix}-access-logs`,
    database: prefix,
    parameterPath: path,
    appLogGroup: `${path}/app`,
    flowLogGroup: `${path}/vpc-flow-logs`,
    alarmPrefix: `${prefix}-`,
  };
}

/** Settings the library publishes beside the spec's own config, under the same parameter path. */
export const LIBRARY_PARAMETER_KEYS = Object.freeze({
  tier: "environment/tier",
  vpcId: "network/vpc-id",
  dataBucket: "storage/data-bucket",
  databaseEndpoint: "database/endpoint",
  appLogGroup: "logs/app-log-group",
} as const);
