/**
 * Test harness only: what an environment looks like through the AWS API (the
 * AWS SDK for JavaScript v3), never through Terraform's files.
 */
import { CloudWatchClient, DescribeAlarmsCommand, GetDashboardCommand, ListTagsForResourceCommand as ListAlarmTagsCommand } from "@aws-sdk/client-cloudwatch";
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTagsForResourceCommand as ListTopicTagsCommand, ListTopicsCommand, SNSClient } from "@aws-sdk/client-sns";
import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand as ListLogTagsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeAddressesCommand, DescribeFlowLogsCommand, DescribeInternetGatewaysCommand, DescribeNatGatewaysCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client, type Tag } from "@aws-sdk/client-ec2";
import { IAMClient, ListRolesCommand, ListRoleTagsCommand } from "@aws-sdk/client-iam";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient, ListResourceTagsCommand } from "@aws-sdk/client-kms";
import { DescribeDBInstancesCommand, DescribeDBParameterGroupsCommand, DescribeDBSubnetGroupsCommand, ListTagsForResourceCommand as ListRdsTagsCommand, RDSClient } from "@aws-sdk/client-rds";
import { DeleteBucketPolicyCommand, GetBucketEncryptionCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand, GetBucketTaggingCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, ListBucketsCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetParametersByPathCommand, ListTagsForResourceCommand as ListSsmTagsCommand, SSMClient } from "@aws-sdk/client-ssm";
/** SDK clients pointed at one emulator (its `AWS_ENDPOINT_URL`). */
export function clientsFor(emulator: { readonly endpoint: string }, region = "eu-west-1") {
  const config = { region, endpoint: emulator.endpoint, credentials: { accessKeyId: "testing", secretAccessKey: "testing", sessionToken: "testing" } };
  return {
    ec2: new EC2Client(config),
    rds: new RDSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    kms: new KMSClient(config),
    logs: new CloudWatchLogsClient(config),
    ssm: new SSMClient(config),
    iam: new IAMClient(config),
    cloudwatch: new CloudWatchClient(config),
    sns: new SNSClient(config),
  };
}

type Clients = ReturnType<typeof clientsFor>;

/** Tags as a map. */
function tagMap(tags: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
}

/** Everything of one environment the tests assert on, read through the API. */
export async function inspectEnvironment(aws: Clients, names: { prefix: string; org: string; env: string }) {
  const vpc = (await aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: [names.prefix] }] }))).Vpcs?.[0];
  const vpcFilter = [{ Name: "vpc-id", Values: [vpc?.VpcId ?? "none"] }];
  const subnets = (await aws.ec2.send(new DescribeSubnetsCommand({ Filters: vpcFilter }))).Subnets ?? [];
  const nats = ((await aws.ec2.send(new DescribeNatGatewaysCommand({ Filter: vpcFilter }))).NatGateways ?? []).filter((n) => n.State === "available");
  const flowLogs = (await aws.ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: "resource-id", Values: [vpc?.VpcId ?? "none"] }] }))).FlowLogs ?? [];
  const gateways = (await aws.ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: "attachment.vpc-id", Values: [vpc?.VpcId ?? "none"] }] }))).InternetGateways ?? [];
  const routeTables = ((await aws.ec2.send(new DescribeRouteTablesCommand({ Filters: vpcFilter }))).RouteTables ?? []).filter((t) => !t.Associations?.some((a) => a.Main));
  const groups = ((await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: vpcFilter }))).SecurityGroups ?? []).filter((g) => g.GroupName !== "default");
  const addresses = ((await aws.ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []).filter((a) => tagMap(a.Tags).Name?.startsWith(`${names.prefix}-nat-`));
  const db = (await aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: names.prefix }))).DBInstances?.[0];
  const dbTags = db?.DBInstanceArn ? (await aws.rds.send(new ListRdsTagsCommand({ ResourceName: db.DBInstanceArn }))).TagList : [];
  const subnetGroup = (await aws.rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: names.prefix }))).DBSubnetGroups?.[0];
  const parameterGroup = (await aws.rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: `${names.prefix}-pg16` }))).DBParameterGroups?.[0];
  const buckets: Record<string, Awaited<ReturnType<typeof inspectBucket>>> = {};
  for (const bucket of [`${names.prefix}-data`, `${names.prefix}-access-logs`]) buckets[bucket] = await inspectBucket(aws, bucket);
  const key = (await aws.kms.send(new DescribeKeyCommand({ KeyId: `alias/${names.prefix}` }))).KeyMetadata;
  const keyRotation = (await aws.kms.send(new GetKeyRotationStatusCommand({ KeyId: key?.KeyId }))).KeyRotationEnabled;
  const keyTags = (await aws.kms.send(new ListResourceTagsCommand({ KeyId: key?.KeyId }))).Tags?.map((t) => ({ Key: t.TagKey, Value: t.TagValue }));
  const logGroups = (await aws.logs.send(new DescribeLogGroupsCommand({}))).logGroups?.filter((g) => g.logGroupName?.includes(`/${names.org}/${names.env}/`) || g.logGroupName?.includes(`/instance/${names.prefix}/`)) ?? [];
  const logTags = await Promise.all(logGroups.map(async (g) => ({ name: g.logGroupName, tags: (await aws.logs.send(new ListLogTagsCommand({ resourceArn: (g.arn ?? "").replace(/:\*$/, "") }))).tags ?? {} })));
  const parameters = (await aws.ssm.send(new GetParametersByPathCommand({ Path: `/${names.org}/${names.env}`, Recursive: true, WithDecryption: true }))).Parameters ?? [];
  const parameterTags = await Promise.all(parameters.map(async (p) => ({ name: p.Name, tags: tagMap((await aws.ssm.send(new ListSsmTagsCommand({ ResourceType: "Parameter", ResourceId: p.Name }))).TagList) })));
  const role = ((await aws.iam.send(new ListRolesCommand({}))).Roles ?? []).find((r) => r.RoleName === `${names.prefix}-vpc-flow-logs`);
  const roleTags = role ? (await aws.iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName }))).Tags : undefined;
  const monitoring = await inspectMonitoring(aws, names.prefix);
  /** Every taggable resource the environment has, with its tags. */
  const tagged: { resource: string; tags: Record<string, string> }[] = [
    ...(vpc ? [{ resource: `vpc ${vpc.VpcId}`, tags: tagMap(vpc.Tags) }] : []),
    ...subnets.map((s) => ({ resource: `subnet ${s.SubnetId}`, tags: tagMap(s.Tags) })),
    ...nats.map((n) => ({ resource: `nat ${n.NatGatewayId}`, tags: tagMap(n.Tags) })),
    ...addresses.map((a) => ({ resource: `eip ${a.AllocationId}`, tags: tagMap(a.Tags) })),
    ...gateways.map((g) => ({ resource: `igw ${g.InternetGatewayId}`, tags: tagMap(g.Tags) })),
    ...routeTables.map((t) => ({ resource: `route table ${t.RouteTableId}`, tags: tagMap(t.Tags as Tag[]) })),
    ...groups.map((g) => ({ resource: `security group ${g.GroupName}`, tags: tagMap(g.Tags) })),
    ...flowLogs.map((f) => ({ resource: `flow log ${f.FlowLogId}`, tags: tagMap(f.Tags) })),
    ...(db ? [{ resource: `database ${db.DBInstanceIdentifier}`, tags: tagMap(dbTags) }] : []),
    ...Object.entries(buckets).map(([name, b]) => ({ resource: `bucket ${name}`, tags: b.tags })),
    ...(key ? [{ resource: `key ${key.KeyId}`, tags: tagMap(keyTags) }] : []),
    ...logTags.map((g) => ({ resource: `log group ${g.name}`, tags: g.tags })),
    ...parameterTags.map((p) => ({ resource: `parameter ${p.name}`, tags: p.tags })),
    ...(role ? [{ resource: `role ${role.RoleName}`, tags: tagMap(roleTags) }] : []),
    ...(monitoring.topic ? [{ resource: `topic ${monitoring.topic.arn}`, tags: monitoring.topic.tags }] : []),
    ...monitoring.alarms.map((a) => ({ resource: `alarm ${a.name}`, tags: a.tags })),
  ];
  return { vpc, subnets, nats, flowLogs, gateways, routeTables, groups, addresses, db, subnetGroup, parameterGroup, buckets, key, keyRotation, logGroups, parameters, role, monitoring, tagged };
}

/** The alert topic, its subscriptions, the alarms and the dashboard of an environment. */
async function inspectMonitoring(aws: Clients, prefix: string) {
  const arn = ((await aws.sns.send(new ListTopicsCommand({}))).Topics ?? []).map((t) => t.TopicArn ?? "").find((a) => a.endsWith(`:${prefix}-alerts`));
  const attributes = arn ? (await aws.sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes ?? {} : {};
  const topic = arn
    ? {
        arn,
        kmsKey: attributes.KmsMasterKeyId,
        policy: JSON.parse(attributes.Policy ?? "{}") as { Statement: { Principal?: { Service?: string | string[] }; Action?: string | string[]; Condition?: unknown }[] },
        subscriptions: ((await aws.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).Subscriptions ?? []).map((s) => ({ protocol: s.Protocol, endpoint: s.Endpoint })),
        tags: tagMap((await aws.sns.send(new ListTopicTagsCommand({ ResourceArn: arn }))).Tags),
      }
    : undefined;
  const described = (await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${prefix}-` }))).MetricAlarms ?? [];
  const alarms = await Promise.all(
    described.map(async (a) => ({
      name: a.AlarmName ?? "",
      namespace: a.Namespace,
      metric: a.MetricName,
      threshold: a.Threshold,
      period: a.Period,
      evaluationPeriods: a.EvaluationPeriods,
      actionsEnabled: a.ActionsEnabled,
      alarmActions: a.AlarmActions ?? [],
      dimensions: Object.fromEntries((a.Dimensions ?? []).map((d) => [d.Name, d.Value])),
      tags: tagMap((await aws.cloudwatch.send(new ListAlarmTagsCommand({ ResourceARN: a.AlarmArn }))).Tags),
    })),
  );
  const dashboard = await aws.cloudwatch.send(new GetDashboardCommand({ DashboardName: prefix })).catch(() => undefined);
  return { topic, alarms, dashboard: dashboard?.DashboardBody ? (JSON.parse(dashboard.DashboardBody) as { widgets: { type: string; properties: { alarms?: string[]; metrics?: unknown[][] } }[] }) : undefined };
}

async function inspectBucket(aws: Clients, bucket: string) {
  const safe = async <T>(call: () => Promise<T>): Promise<T | undefined> => call().catch(() => undefined);
  const encryption = await safe(() => aws.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })));
  const versioning = await safe(() => aws.s3.send(new GetBucketVersioningCommand({ Bucket: bucket })));
  const block = await safe(() => aws.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })));
  const ownership = await safe(() => aws.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })));
  const policy = await safe(() => aws.s3.send(new GetBucketPolicyCommand({ Bucket: bucket })));
  const tags = await safe(() => aws.s3.send(new GetBucketTaggingCommand({ Bucket: bucket })));
  return {
    algorithm: encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    kmsKey: encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
    versioning: versioning?.Status,
    publicAccessBlock: block?.PublicAccessBlockConfiguration,
    ownership: ownership?.OwnershipControls?.Rules?.[0]?.ObjectOwnership,
    policy: policy?.Policy ? (JSON.parse(policy.Policy) as { Statement: { Sid?: string; Effect: string; Condition?: unknown }[] }) : undefined,
    tags: tagMap(tags?.TagSet),
  };
}

/** What is left of an environment after a destroy: every resource kind the stack creates, that still exists. */
export async function leftovers(aws: Clients, names: { prefix: string; org: string; env: string }): Promise<string[]> {
  const left: string[] = [];
  const vpcs = (await aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: [names.prefix] }] }))).Vpcs ?? [];
  left.push(...vpcs.map((v) => `vpc ${v.VpcId}`));
  const addresses = ((await aws.ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []).filter((a) => tagMap(a.Tags).environment === names.env);
  left.push(...addresses.map((a) => `eip ${a.AllocationId}`));
  const nats = ((await aws.ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways ?? []).filter((n) => tagMap(n.Tags).environment === names.env && n.State !== "deleted");
  left.push(...nats.map((n) => `nat ${n.NatGatewayId}`));
  const dbs = ((await aws.rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? []).filter((d) => d.DBInstanceIdentifier === names.prefix);
  left.push(...dbs.map((d) => `database ${d.DBInstanceIdentifier}`));
  const buckets = ((await aws.s3.send(new ListBucketsCommand({}))).Buckets ?? []).filter((b) => b.Name?.startsWith(`${names.prefix}-`));
  left.push(...buckets.map((b) => `bucket ${b.Name}`));
  const groups = ((await aws.logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? []).filter((g) => g.logGroupName?.includes(`/${names.org}/${names.env}/`) || g.logGroupName?.includes(`/instance/${names.prefix}/`));
  left.push(...groups.map((g) => `log group ${g.logGroupName}`));
  const parameters = (await aws.ssm.send(new GetParametersByPathCommand({ Path: `/${names.org}/${names.env}`, Recursive: true }))).Parameters ?? [];
  left.push(...parameters.map((p) => `parameter ${p.Name}`));
  const roles = ((await aws.iam.send(new ListRolesCommand({}))).Roles ?? []).filter((r) => r.RoleName?.startsWith(`${names.prefix}-`));
  left.push(...roles.map((r) => `role ${r.RoleName}`));
  const alarms = (await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${names.prefix}-` }))).MetricAlarms ?? [];
  left.push(...alarms.map((a) => `alarm ${a.AlarmName}`));
  const topics = ((await aws.sns.send(new ListTopicsCommand({}))).Topics ?? []).filter((t) => t.TopicArn?.endsWith(`:${names.prefix}-alerts`));
  left.push(...topics.map((t) => `topic ${t.TopicArn}`));
  const dashboard = await aws.cloudwatch.send(new GetDashboardCommand({ DashboardName: names.prefix })).catch(() => undefined);
  if (dashboard?.DashboardName) left.push(`dashboard ${dashboard.DashboardName}`);
  const key = await aws.kms.send(new DescribeKeyCommand({ KeyId: `alias/${names.prefix}` })).catch(() => undefined);
  // A KMS key cannot be deleted at once: AWS schedules its deletion after the window; anything else is left over.
  if (key?.KeyMetadata && key.KeyMetadata.KeyState !== "PendingDeletion") left.push(`key ${key.KeyMetadata.KeyId} (${key.KeyMetadata.KeyState})`);
  return left;
}

/**
 * Runs object operations on a TLS-only bucket from the test. The emulator
 * listens on plain HTTP, and the bucket policy denies every request without
 * TLS (the emulator enforces it, as AWS does); an application writes over
 * TLS. So the harness lifts the policy for the duration of `work` and puts
 * the same policy back.
 */
export async function asTlsClient<T>(aws: Clients, bucket: string, work: () => Promise<T>): Promise<T> {
  const policy = (await aws.s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
  await aws.s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
  try {
    return await work();
  } finally {
    await aws.s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
  }
}

/** Writes an object into a TLS-only bucket (see `asTlsClient`). */
export function putObject(aws: Clients, bucket: string, key: string, body: string): Promise<unknown> {
  return asTlsClient(aws, bucket, () => aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })));
}

/** How many objects a TLS-only bucket holds (see `asTlsClient`). */
export function objectCount(aws: Clients, bucket: string): Promise<number> {
  return asTlsClient(aws, bucket, async () => (await aws.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0);
}
