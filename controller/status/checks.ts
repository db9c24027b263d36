/**
 * What `envctl status` verifies of a deployed environment, read through the
 * AWS API: each key resource exists and is healthy, and the settings that
 * matter for security and sizing match the declaration in the manifest.
 */
import { DescribeAlarmsCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeFlowLogsCommand, DescribeNatGatewaysCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { DescribeKeyCommand, GetKeyRotationStatusCommand } from "@aws-sdk/client-kms";
import { DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { GetBucketEncryptionCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand } from "@aws-sdk/client-s3";
import { GetParametersByPathCommand } from "@aws-sdk/client-ssm";
import { natGatewayZones } from "../../lib/core/profile";
import { environmentResourceNames, LIBRARY_PARAMETER_KEYS } from "../../lib/environments/names";
import type { ResolvedEnvironment } from "../../lib/environments/types";
import type { AwsClients } from "./aws-clients";

/** The outcome of one check. */
export interface HealthCheck {
  /** What was checked: `vpc`, `subnets`, `nat`, `flow-logs`, `key`, `bucket`, `database`, `log-group`, `parameters`, `alarms`. */
  readonly component: string;
  /** The resource, by its AWS name or id. */
  readonly resource: string;
  readonly ok: boolean;
  /** What was found; for a failure, what differs from the declaration. */
  readonly detail: string;
}

type Record = (component: string, resource: string, problems: readonly string[], fine: string) => void;

/** Runs every check of `env`; never throws for what AWS answers (a missing resource is a failed check). */
export async function checkEnvironment(env: ResolvedEnvironment, aws: AwsClients): Promise<HealthCheck[]> {
  const checks: HealthCheck[] = [];
  const record: Record = (component, resource, problems, fine) => checks.push({ component, resource, ok: problems.length === 0, detail: problems.length === 0 ? fine : problems.join("; ") });
  const vpcId = await checkNetwork(env, aws, record);
  await Promise.all([
    checkKey(env, aws, record),
    checkBuckets(env, aws, record),
    checkDatabase(env, aws, record),
    checkLogGroups(env, aws, record),
    checkParameters(env, aws, record),
    checkAlarms(env, aws, record),
    vpcId ? checkFlowLogs(env, aws, vpcId, record) : undefined,
  ]);
  return checks;
}

async function checkNetwork(env: ResolvedEnvironment, aws: AwsClients, record: Record): Promise<string | undefined> {
  const names = environmentResourceNames(env);
  const vpcs =
    (
      await attempt(() =>
        aws.ec2.send(
          new DescribeVpcsCommand({
            Filters: [
              { Name: "tag:Name", Values: [names.prefix] },
              { Name: "tag:environment", Values: [env.name] },
            ],
          })
        )
      )
    )?.Vpcs ?? [];
  if (vpcs.length !== 1) {
    record("vpc", names.prefix, [vpcs.length === 0 ? "missing: no VPC tagged Name=" + names.prefix : `${vpcs.length} VPCs carry its tags; expected one`], "");
    return undefined;
  }
  const vpc = vpcs[0];
  record("vpc", vpc.VpcId ?? names.prefix, [expect("CIDR", vpc.CidrBlock, env.cidr), expect("state", vpc.State, "available")].flat(), `${vpc.CidrBlock}, available`);

  const subnets = (await attempt(() => aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpc.VpcId ?? ""] }] }))))?.Subnets ?? [];
  const problems: string[] = [];
  for (const zone of env.availabilityZones) {
    for (const kind of ["public", "private"]) {
      const found = subnets.filter((s) => s.AvailabilityZone === zone && s.Tags?.some((t) => t.Key === "subnet-tier" && t.Value === kind));
      if (found.length !== 1) problems.push(`${found.length} ${kind} subnet(s) in ${zone}; expected 1`);
      if (found.some((s) => s.MapPublicIpOnLaunch)) problems.push(`the ${kind} subnet in ${zone} assigns public IPs on launch`);
    }
  }
  record("subnets", vpc.VpcId ?? "", problems, `a public and a private subnet in each of ${env.availabilityZones.join(", ")}`);

  const nats = (await attempt(() => aws.ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: "vpc-id", Values: [vpc.VpcId ?? ""] }] }))))?.NatGateways ?? [];
  const available = nats.filter((n) => n.State === "available").length;
  const wanted = natGatewayZones(env.availabilityZones, env.sizing.nat).length;
  record("nat", vpc.VpcId ?? "", available === wanted ? [] : [`${available} NAT gateway(s) available; the ${env.tier} tier runs ${wanted} (${env.sizing.nat})`], `${available} available (${env.sizing.nat})`);
  return vpc.VpcId;
}

async function checkFlowLogs(env: ResolvedEnvironment, aws: AwsClients, vpcId: string, record: Record): Promise<void> {
  if (!env.security.vpcFlowLogs) return;
  const logs = (await attempt(() => aws.ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: "resource-id", Values: [vpcId] }] }))))?.FlowLogs ?? [];
  const active = logs.filter((l) => l.FlowLogStatus === "ACTIVE" && l.TrafficType === "ALL");
  record("flow-logs", vpcId, active.length > 0 ? [] : ["missing: no active flow log of all traffic"], "active, all traffic");
}

async function checkKey(env: ResolvedEnvironment, aws: AwsClients, record: Record): Promise<void> {
  const alias = `alias/${environmentResourceNames(env).keyAlias}`;
  const key = await attempt(() => aws.kms.send(new DescribeKeyCommand({ KeyId: alias })));
  if (!key?.KeyMetadata) return record("key", alias, [`missing: ${lastError(key)}`], "");
  const rotation = await attempt(() => aws.kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyMetadata?.KeyId })));
  const problems = [expect("state", key.KeyMetadata.KeyState, "Enabled"), env.security.kmsKeyRotation && !rotation?.KeyRotationEnabled ? ["rotation is off; the tier rotates keys yearly"] : []].flat();
  record("key", alias, problems, "enabled, rotating");
}

async function checkBuckets(env: ResolvedEnvironment, aws: AwsClients, record: Record): Promise<void> {
  const names = environmentResourceNames(env);
  const buckets = [
    { name: names.dataBucket, algorithm: env.security.encryptionAtRest ? "aws:kms" : "AES256" },
    { name: names.accessLogBucket, algorithm: "AES256" },
  ];
  await Promise.all(
    buckets.map(async ({ name, algorithm }) => {
      const [encryption, block, versioning, ownership, policy] = await Promise.all([
        attempt(() => aws.s3.send(new GetBucketEncryptionCommand({ Bucket: name }))),
        attempt(() => aws.s3.send(new GetPublicAccessBlockCommand({ Bucket: name }))),
        attempt(() => aws.s3.send(new GetBucketVersioningCommand({ Bucket: name }))),
        attempt(() => aws.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: name }))),
        attempt(() => aws.s3.send(new GetBucketPolicyCommand({ Bucket: name }))),
      ]);
      if (isMissing(encryption, "NoSuchBucket")) return record("bucket", name, ["missing: no such bucket"], "");
      const problems: string[] = [];
      const used = encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
      if (used !== algorithm) problems.push(`encryption is ${used ?? "not configured"}; expected ${algorithm}`);
      const config = block?.PublicAccessBlockConfiguration;
      if (env.security.s3BlockPublicAccess && !(config?.BlockPublicAcls && config.BlockPublicPolicy && config.IgnorePublicAcls && config.RestrictPublicBuckets)) {
        problems.push(config ? "the public access block is partly off" : "the public access block is missing");
      }
      if (env.security.s3Versioning && versioning?.Status !== "Enabled") problems.push(`versioning is ${versioning?.Status ?? "off"}`);
      if (ownership?.OwnershipControls?.Rules?.[0]?.ObjectOwnership !== "BucketOwnerEnforced") problems.push("object ownership is not BucketOwnerEnforced");
      if (env.security.s3TlsOnly && !(policy?.Policy ?? "").includes("aws:SecureTransport")) problems.push("the policy does not deny requests without TLS");
      record("bucket", name, problems, `${algorithm}, private, versioned, TLS only`);
    })
  );
}

async function checkDatabase(env: ResolvedEnvironment, aws: AwsClients, record: Record): Promise<void> {
  const id = environmentResourceNames(env).database;
  const found = await attempt(() => aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id })));
  const db = found?.DBInstances?.[0];
  if (!db) return record("database", id, [`missing: ${lastError(found)}`], "");
  const problems = [
    expect("status", db.DBInstanceStatus, "available"),
    expect("engine", db.Engine, "postgres"),
    expect("class", db.DBInstanceClass, env.sizing.dbInstanceClass),
    expect("multi-AZ", db.MultiAZ, env.sizing.dbMultiAz),
    expect("storage encryption", db.StorageEncrypted, env.security.encryptionAtRest),
    expect("public access", db.PubliclyAccessible, !env.security.dbPrivate),
    expect("IAM authentication", db.IAMDatabaseAuthenticationEnabled, env.security.dbIamAuth),
    expect("backup retention (days)", db.BackupRetentionPeriod, env.retention.backupRetentionDays),
    expect("deletion protection", db.DeletionProtection, env.retention.deletionProtection),
  ].flat();
  record("database", id, problems, `${db.DBInstanceClass}, ${db.MultiAZ ? "multi-AZ" : "single-AZ"}, encrypted, private`);
}

async function checkLogGroups(env: ResolvedEnvironment, aws: AwsClients, record: Record): Promise<void> {
  const names = environmentResourceNames(env);
  const wanted = [names.appLogGroup, ...(env.security.vpcFlowLogs ? [names.flowLogGroup] : [])];
  const groups = (await attempt(() => aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: names.parameterPath }))))?.logGroups ?? [];
  for (const name of wanted) {
    const group = groups.find((g) => g.logGroupName === name);
    if (!group) {
      record("log-group", name, ["missing"], "");
      continue;
    }
    const problems = [expect("retention (days)", group.retentionInDays, env.retention.logRetentionDays), env.security.logGroupEncryption && !group.kmsKeyId ? ["not encrypted with the environment key"] : []].flat();
    record("log-group", name, problems, `${group.retentionInDays} days, KMS-encrypted`);
  }
}

async function checkParameters(env: ResolvedEnvironment, aws: AwsClients, record: Record): Promise<void> {
  const path = environmentResourceNames(env).parameterPath;
  const names = new Set<string>();
  let token: string | undefined;
  do {
    const page = await attempt(() => aws.ssm.send(new GetParametersByPathCommand({ Path: path, Recursive: true, NextToken: token })));
    for (const p of page?.Parameters ?? []) if (p.Name) names.add(p.Name);
    token = page?.NextToken;
  } while (token);
  const expected = [...Object.keys(env.config), ...Object.values(LIBRARY_PARAMETER_KEYS)].map((key) => `${path}/${key}`);
  const missing = expected.filter((name) => !names.has(name));
  record("parameters", path, missing.length === 0 ? [] : [`missing: ${missing.join(", ")}`], `${expected.length} present`);
}

/** The environment's alarms exist, and none is firing: an alarm in ALARM makes the environment unhealthy, in every tier. */
async function checkAlarms(env: ResolvedEnvironment, aws: AwsClients, record: Record): Promise<void> {
  const { alarmPrefix } = environmentResourceNames(env);
  const alarms: MetricAlarm[] = [];
  let token: string | undefined;
  do {
    const page = await attempt(() => aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: alarmPrefix, NextToken: token })));
    alarms.push(...(page?.MetricAlarms ?? []));
    token = page?.NextToken;
  } while (token);
  const expected = ["db-cpu", "db-free-storage", "db-connections", ...natGatewayZones(env.availabilityZones, env.sizing.nat).map((zone) => `nat-${zone}-errors`), ...(env.security.vpcFlowLogs ? ["log-delivery"] : [])].map(
    (id) => `${alarmPrefix}${id}`
  );
  const names = new Set(alarms.map((a) => a.AlarmName));
  const missing = expected.filter((name) => !names.has(name));
  const firing = alarms
    .filter((a) => a.StateValue === "ALARM")
    .map((a) => `${a.AlarmName} is in ALARM${a.StateUpdatedTimestamp ? ` since ${a.StateUpdatedTimestamp.toISOString().replace(/\.\d{3}Z$/, "Z")}` : ""}${a.StateReason ? ` (${a.StateReason})` : ""}`);
  const problems = [...(missing.length > 0 ? [`missing: ${missing.join(", ")}`] : []), ...firing];
  record("alarms", `${alarmPrefix}*`, problems, `${alarms.length} alarms, none in ALARM`);
}

/** A mismatch as a list of zero or one problem. */
function expect(what: string, found: unknown, wanted: unknown): string[] {
  return found === wanted ? [] : [`${what} is ${found === undefined ? "unknown" : String(found)}; declared ${String(wanted)}`];
}

/** The AWS error a call ended with, kept beside a missing result. */
const ERRORS = new WeakMap<object, string>();

/** Runs an AWS call; an AWS error answer becomes undefined (a failed check), a connection problem is rethrown. */
async function attempt<T extends object>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const e = error as { name?: string; $metadata?: unknown; code?: string };
    if (e.$metadata === undefined) throw error;
    const marker = {} as T;
    ERRORS.set(marker, e.name ?? "error");
    return marker;
  }
}

function isMissing(result: object | undefined, code: string): boolean {
  return result !== undefined && ERRORS.get(result) === code;
}

function lastError(result: object | undefined): string {
  return (result && ERRORS.get(result)) ?? "not found";
}
