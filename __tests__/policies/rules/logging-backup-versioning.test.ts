import {
  dbInstanceBackupRetention,
  dbInstanceDeletionProtection,
  loadBalancerAccessLogs,
  rdsClusterBackupRetention,
  rdsClusterDeletionProtection,
  s3AccessLogging,
  s3BucketVersioning,
  vpcFlowLogs,
} from "../../../policies/rules";
import { findingsOf, flagged, ref } from "../helpers";

describe("ENV-LOG-001 S3 access logging", () => {
  it("Noncompliance 1: fails in prod for a bucket without logging", () => {
    expect(flagged(s3AccessLogging, { aws_s3_bucket: { b: {} } }, { tier: "prod" })).toEqual(["aws_s3_bucket.b"]);
  });

  it("Compliance: a logging resource refers to the bucket, and the log target bucket needs no logging itself", () => {
    const resources = {
      aws_s3_bucket: { data: {}, logs: {} },
      aws_s3_bucket_logging: { l: { bucket: ref("aws_s3_bucket.data"), target_bucket: ref("aws_s3_bucket.logs"), target_prefix: "data/" } },
    };
    expect(flagged(s3AccessLogging, resources, { tier: "staging" })).toEqual([]);
  });

  it.each(["dev", "test", "preview"] as const)("Compliance: off in %s", (tier) => {
    expect(flagged(s3AccessLogging, { aws_s3_bucket: { b: {} } }, { tier })).toEqual([]);
  });
});

describe("ENV-LOG-002 load balancer access logs", () => {
  it.each(["aws_lb", "aws_alb"])("Noncompliance 1: fails for %s without access_logs", (type) => {
    expect(flagged(loadBalancerAccessLogs, { [type]: { lb: {} } })).toEqual([`${type}.lb`]);
  });

  it("Noncompliance 2: fails when access_logs is disabled", () => {
    expect(findingsOf(loadBalancerAccessLogs, { aws_lb: { lb: { access_logs: [{ bucket: "logs", enabled: false }] } } })[0].message).toContain("enabled is false");
  });

  it("Compliance: access logs enabled to a bucket", () => {
    expect(flagged(loadBalancerAccessLogs, { aws_lb: { lb: { access_logs: [{ bucket: ref("aws_s3_bucket.logs"), enabled: true }] } } })).toEqual([]);
  });
});

describe("ENV-LOG-003 VPC flow logs", () => {
  it("Noncompliance 1: fails for a VPC without a flow log", () => {
    expect(flagged(vpcFlowLogs, { aws_vpc: { v: { cidr_block: "10.0.0.0/16" } } })).toEqual(["aws_vpc.v"]);
  });

  it("Noncompliance 2: fails when the only flow log belongs to another VPC", () => {
    const resources = { aws_vpc: { v: {}, other: {} }, aws_flow_log: { f: { vpc_id: ref("aws_vpc.other"), traffic_type: "ALL" } } };
    expect(flagged(vpcFlowLogs, resources)).toEqual(["aws_vpc.v"]);
  });

  it("Compliance: a flow log refers to the VPC", () => {
    expect(flagged(vpcFlowLogs, { aws_vpc: { v: {} }, aws_flow_log: { f: { vpc_id: ref("aws_vpc.v"), traffic_type: "ALL" } } })).toEqual([]);
  });
});

describe("ENV-BAK-001 DB instance backup retention", () => {
  it.each([
    ["prod", 34, 35],
    ["staging", 6, 7],
    ["test", 2, 3],
    ["dev", 0, 1],
  ] as const)("Noncompliance 1: rejects %s retention of %i days and accepts %i", (tier, low, enough) => {
    expect(findingsOf(dbInstanceBackupRetention, { aws_db_instance: { d: { backup_retention_period: low } } }, { tier })[0].message).toContain(`at least ${enough} day${enough === 1 ? "" : "s"}`);
    expect(flagged(dbInstanceBackupRetention, { aws_db_instance: { d: { backup_retention_period: enough } } }, { tier })).toEqual([]);
  });

  it("Noncompliance 2: fails when retention is unset (no backups for an instance)", () => {
    expect(findingsOf(dbInstanceBackupRetention, { aws_db_instance: { d: {} } }, { tier: "dev" })[0].message).toContain("not set");
  });

  it("Compliance: prod with 35 days", () => {
    expect(flagged(dbInstanceBackupRetention, { aws_db_instance: { d: { backup_retention_period: 35 } } })).toEqual([]);
  });
});

describe("ENV-BAK-002 RDS cluster backup retention", () => {
  it("Noncompliance 1: fails for a prod cluster with 7 days", () => {
    expect(flagged(rdsClusterBackupRetention, { aws_rds_cluster: { c: { backup_retention_period: 7 } } })).toEqual(["aws_rds_cluster.c"]);
  });

  it("Compliance: dev cluster with the provider default of 1 day", () => {
    expect(flagged(rdsClusterBackupRetention, { aws_rds_cluster: { c: {} } }, { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-DEL-001/002 deletion protection", () => {
  it.each([
    [dbInstanceDeletionProtection, "aws_db_instance"],
    [rdsClusterDeletionProtection, "aws_rds_cluster"],
  ] as const)("Noncompliance 1: fails for %s in prod without deletion_protection", (rule, type) => {
    expect(flagged(rule, { [type]: { d: {} } })).toEqual([`${type}.d`]);
  });

  it("Compliance: deletion_protection true", () => {
    expect(flagged(dbInstanceDeletionProtection, { aws_db_instance: { d: { deletion_protection: true } } }, { tier: "staging" })).toEqual([]);
  });

  it("Compliance: not evaluated in dev", () => {
    expect(flagged(rdsClusterDeletionProtection, { aws_rds_cluster: { d: {} } }, { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-VER-001 S3 versioning", () => {
  it("Noncompliance 1: fails without any versioning", () => {
    expect(flagged(s3BucketVersioning, { aws_s3_bucket: { b: {} } })).toEqual(["aws_s3_bucket.b"]);
  });

  it("Noncompliance 2: fails when separate versioning is Suspended", () => {
    const resources = { aws_s3_bucket: { b: {} }, aws_s3_bucket_versioning: { v: { bucket: ref("aws_s3_bucket.b"), versioning_configuration: [{ status: "Suspended" }] } } };
    expect(findingsOf(s3BucketVersioning, resources)[0].message).toContain('"Suspended"');
  });

  it("Compliance: separate versioning Enabled", () => {
    const resources = { aws_s3_bucket: { b: {} }, aws_s3_bucket_versioning: { v: { bucket: ref("aws_s3_bucket.b"), versioning_configuration: [{ status: "Enabled" }] } } };
    expect(flagged(s3BucketVersioning, resources)).toEqual([]);
  });

  it("Compliance: inline versioning enabled", () => {
    expect(flagged(s3BucketVersioning, { aws_s3_bucket: { b: { versioning: [{ enabled: true }] } } })).toEqual([]);
  });
});
