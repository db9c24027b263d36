import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ConfigParameters } from "../../lib/constructs/config-parameters";
import { Database } from "../../lib/constructs/database";
import { EncryptionKey } from "../../lib/constructs/encryption-key";
import { LogGroup } from "../../lib/constructs/log-group";
import { Network } from "../../lib/constructs/network";
import { SecureBucket } from "../../lib/constructs/secure-bucket";
import { Template } from "../helpers/template";

/** GIVEN an empty stack with an AWS provider. */
function emptyStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}

const KEY = "arn:aws:kms:eu-west-1:111111111111:key/test";

describe("EncryptionKey", () => {
  it("rotates by default and names the account root and CloudWatch Logs in its policy", () => {
    const stack = emptyStack();
    new EncryptionKey(stack, "key", { alias: "acme-dev", description: "test", region: "eu-west-1", account: "111111111111" });
    const t = Template.fromStack(stack);
    expect(t.only("aws_kms_key")).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(t.only("aws_kms_alias").name).toBe("alias/acme-dev");
    const statements = t.dataSources("aws_iam_policy_document")[0].attributes.statement;
    expect(statements[0].principals[0].identifiers[0]).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\}:iam::111111111111:root$/);
    expect(statements[1].principals[0]).toEqual({ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] });
    expect(t.dataSources("aws_caller_identity")).toHaveLength(0);
  });

  it("looks the account up only when none is given", () => {
    const stack = emptyStack();
    new EncryptionKey(stack, "key", { alias: "a", description: "d", region: "eu-west-1" });
    expect(Template.fromStack(stack).dataSources("aws_caller_identity")).toHaveLength(1);
  });
});

describe("LogGroup", () => {
  it("encrypts with the key and keeps events for the retention given", () => {
    const stack = emptyStack();
    new LogGroup(stack, "logs", { name: "/acme/dev/app", retentionDays: 30, kmsKeyArn: KEY });
    expect(Template.fromStack(stack).only("aws_cloudwatch_log_group")).toEqual({ name: "/acme/dev/app", retention_in_days: 30, kms_key_id: KEY });
  });

  it("rejects a retention CloudWatch does not accept and a missing key, both at once", () => {
    expect(() => new LogGroup(emptyStack(), "logs", { name: "/x", retentionDays: 10 })).toThrow(
      /LogGroup test\/logs \(\/x\): retentionDays 10 is not accepted by CloudWatch; use one of 1, 3, .*; kmsKeyArn is required unless encrypted is false/,
    );
  });
});

describe("SecureBucket", () => {
  function bucket(props: Partial<ConstructorParameters<typeof SecureBucket>[2]> = {}): Template {
    const stack = emptyStack();
    new SecureBucket(stack, "data", { bucketName: "acme-dev-data", encryption: { kind: "kms", kmsKeyArn: KEY }, ...props });
    return Template.fromStack(stack);
  }

  it("uses the provider's separate S3 resources, never the deprecated inline blocks", () => {
    const t = bucket();
    const b = t.only("aws_s3_bucket");
    for (const inline of ["server_side_encryption_configuration", "versioning", "logging", "acl", "policy", "lifecycle_rule"]) expect(b).not.toHaveProperty(inline);
    expect(Object.keys(t.counts()).sort()).toEqual([
      "aws_s3_bucket",
      "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_policy",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_versioning",
    ]);
  });

  it("encrypts with the KMS key and a bucket key by default", () => {
    expect(bucket().only("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY }, bucket_key_enabled: true },
    ]);
  });

  it("is private, versioned and owner-enforced by default", () => {
    const t = bucket();
    expect(t.only("aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(t.only("aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(t.only("aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(t.only("aws_s3_bucket").force_destroy).toBe(false);
  });

  it("applies its policy after the public access block", () => {
    const policy = bucket().only("aws_s3_bucket_policy");
    expect(policy.depends_on.some((d: string) => d.startsWith("aws_s3_bucket_public_access_block."))).toBe(true);
  });

  it("lets S3's logging service write when it is an access-log target", () => {
    const stack = emptyStack();
    new SecureBucket(stack, "logs", { bucketName: "acme-logs", encryption: { kind: "s3-managed" }, isAccessLogTarget: true });
    const t = Template.fromStack(stack);
    expect(t.only("aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
    expect(t.dataSources("aws_iam_policy_document")[0].attributes.statement[1]).toMatchObject({
      effect: "Allow",
      actions: ["s3:PutObject"],
      principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
    });
  });

  it("leaves the public access block out only when asked", () => {
    expect(bucket({ blockPublicAccess: false }).resources("aws_s3_bucket_public_access_block")).toHaveLength(0);
  });
});

describe("Network", () => {
  function network(props: Partial<ConstructorParameters<typeof Network>[2]> = {}): Template {
    const stack = emptyStack();
    const flowLogGroup = new LogGroup(stack, "flow", { name: "/flow", retentionDays: 7, kmsKeyArn: KEY });
    new Network(stack, "network", { name: "acme-dev", cidr: "10.10.0.0/16", availabilityZones: ["eu-west-1a", "eu-west-1b"], nat: "single", flowLogGroup, ...props });
    return Template.fromStack(stack);
  }

  it("carves public blocks 0-3 and private blocks 4-7 out of the VPC range", () => {
    const cidrs = network().resources("aws_subnet").map((s) => `${s.attributes.tags["subnet-tier"]}:${s.attributes.cidr_block}`);
    expect(cidrs.sort()).toEqual(["private:10.10.128.0/19", "private:10.10.160.0/19", "public:10.10.0.0/19", "public:10.10.32.0/19"]);
  });

  it("routes every private subnet through the one NAT gateway when NAT is single", () => {
    const t = network();
    expect(t.resources("aws_nat_gateway")).toHaveLength(1);
    const natRoutes = t.resources("aws_route_table").filter((r) => r.attributes.route[0].nat_gateway_id);
    expect(natRoutes).toHaveLength(2);
    expect(new Set(natRoutes.map((r) => r.attributes.route[0].nat_gateway_id)).size).toBe(1);
  });

  it("gives each zone its own NAT gateway when NAT is per-az", () => {
    expect(network({ nat: "per-az" }).resources("aws_nat_gateway")).toHaveLength(2);
  });

  it("sends all traffic to the flow log group through a role scoped to the account", () => {
    const t = network({ account: "111111111111" });
    expect(t.only("aws_flow_log")).toMatchObject({ traffic_type: "ALL", max_aggregation_interval: 60 });
    const trust = t.dataSources("aws_iam_policy_document").find((d) => d.name.includes("trust"))!;
    expect(trust.attributes.statement[0].condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }]);
  });

  it("rejects a bad range, too many zones and missing flow logs, all at once", () => {
    const stack = emptyStack();
    expect(() => new Network(stack, "n", { name: "x", cidr: "10.0.0.1/16", availabilityZones: ["a", "b", "c", "d", "e"], nat: "single" })).toThrow(
      /Network test\/n: cidr: "10.0.0.1\/16" has host bits set.*; availabilityZones: 5 given, 1 to 4 allowed; flowLogGroup is required unless flowLogs is false/,
    );
  });
});

describe("Database", () => {
  const base = {
    identifier: "acme-dev",
    vpcId: "vpc-1",
    subnetIds: ["s-1", "s-2"],
    allowedCidrs: ["10.10.0.0/16"],
    instanceClass: "db.t4g.micro",
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 50,
    multiAz: false,
    backupRetentionDays: 1,
    deletionProtection: false,
    kmsKeyArn: KEY,
    logRetentionDays: 14,
  };

  it("pre-creates encrypted log groups for the logs it exports", () => {
    const stack = emptyStack();
    new Database(stack, "db", base);
    const t = Template.fromStack(stack);
    expect(t.resources("aws_cloudwatch_log_group").map((g) => g.attributes.name).sort()).toEqual([
      "/aws/rds/instance/acme-dev/postgresql",
      "/aws/rds/instance/acme-dev/upgrade",
    ]);
    expect(t.only("aws_db_instance").enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
  });

  it("rejects an open ingress range and inconsistent storage, both at once", () => {
    expect(() => new Database(emptyStack(), "db", { ...base, allowedCidrs: ["0.0.0.0/0"], allocatedStorageGiB: 100 })).toThrow(
      /allocatedStorageGiB 100 is above maxAllocatedStorageGiB 50; allowedCidrs must not contain 0.0.0.0\/0/,
    );
  });

  it("publishes Enhanced Monitoring through a role RDS assumes, every 60 s unless told otherwise; 0 turns it off", () => {
    const on = emptyStack();
    new Database(on, "db", base);
    const t = Template.fromStack(on);
    expect(t.only("aws_db_instance").monitoring_interval).toBe(60);
    expect(t.only("aws_db_instance").monitoring_role_arn).toMatch(/^\$\{aws_iam_role\.db_monitoring-role_[0-9A-F]+\.arn\}$/);
    expect(t.only("aws_iam_role_policy_attachment").policy_arn).toMatch(/:iam::aws:policy\/service-role\/AmazonRDSEnhancedMonitoringRole$/);
    const off = emptyStack();
    new Database(off, "db", { ...base, monitoringIntervalSeconds: 0 });
    expect(Template.fromStack(off).only("aws_db_instance").monitoring_interval).toBe(0);
    expect(Template.fromStack(off).resources("aws_iam_role")).toEqual([]);
  });

  it("rejects a monitoring interval RDS does not accept, naming the construct and the values allowed", () => {
    expect(() => new Database(emptyStack(), "db", { ...base, monitoringIntervalSeconds: 20 })).toThrow(/^Database .*db: monitoringIntervalSeconds 20 is not one RDS accepts: 0 \(off\), 1, 5, 10, 15, 30 or 60$/);
  });
});

describe("ConfigParameters", () => {
  it("publishes each value as an encrypted SecureString under the prefix", () => {
    const stack = emptyStack();
    new ConfigParameters(stack, "config", { prefix: "/acme/dev", values: { "log-level": "debug", "feature/flags": "a,b" }, kmsKeyArn: KEY });
    const params = Template.fromStack(stack).resources("aws_ssm_parameter").map((p) => p.attributes);
    expect(params.map((p) => [p.name, p.type, p.key_id, p.value])).toEqual([
      ["/acme/dev/feature/flags", "SecureString", KEY, "a,b"],
      ["/acme/dev/log-level", "SecureString", KEY, "debug"],
    ]);
  });

  it("rejects a bad prefix, bad keys and a missing key, all at once", () => {
    expect(() => new ConfigParameters(emptyStack(), "c", { prefix: "acme/", values: { "bad key": "x" } })).toThrow(
      /prefix "acme\/" must start with \/ and not end with \/; kmsKeyArn is required unless encrypted is false; keys "bad key" may hold only/,
    );
  });
});
