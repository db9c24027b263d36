import { docdbClusterBackupRetention } from "../../../policies/rules/backup/docdb-cluster-backup-retention";
import { neptuneClusterBackupRetention } from "../../../policies/rules/backup/neptune-cluster-backup-retention";
import { neptuneDocdbClusterDeletionProtection } from "../../../policies/rules/deletion-protection/neptune-docdb-cluster-deletion-protection";
import { docdbTls } from "../../../policies/rules/encryption/docdb-tls";
import { rdsPerformanceInsightsKms } from "../../../policies/rules/encryption/rds-performance-insights-kms";
import { rdsRequireTls } from "../../../policies/rules/encryption/rds-require-tls";
import { redshiftRequireSsl } from "../../../policies/rules/encryption/redshift-require-ssl";
import { docdbAuditLogs } from "../../../policies/rules/logging/docdb-audit-logs";
import { neptuneAuditLogs } from "../../../policies/rules/logging/neptune-audit-logs";
import { rdsEnhancedMonitoring } from "../../../policies/rules/logging/rds-enhanced-monitoring";
import { redshiftAuditLogging } from "../../../policies/rules/logging/redshift-audit-logging";
import { redshiftEnhancedVpcRouting } from "../../../policies/rules/network-ingress/redshift-enhanced-vpc-routing";
import { neptuneInstanceNotPublic } from "../../../policies/rules/public-exposure/neptune-instance-not-public";
import { redshiftNotPublic } from "../../../policies/rules/public-exposure/redshift-not-public";
import { rdsAutoMinorVersionUpgrade } from "../../../policies/rules/versioning/rds-auto-minor-version-upgrade";
import { findingsOf, flagged, ref } from "../helpers";

type Attributes = Record<string, unknown>;

/** Variables without a default: values only the caller of the configuration knows (a default would be judged as the value). */
const FLAG = { x: { type: "bool" } };
const NUMBER = { x: { type: "number" } };
const NAME = { x: { type: "string" } };

const db = (attributes: Attributes = {}, extra: Record<string, Record<string, Attributes>> = {}) => ({ aws_db_instance: { db: { engine: "postgres", instance_class: "db.t4g.micro", ...attributes } }, ...extra });
const clusterInstance = (attributes: Attributes = {}, cluster: Attributes = {}) => ({
  aws_rds_cluster: { c: { cluster_identifier: "app", engine: "aurora-postgresql", ...cluster } },
  aws_rds_cluster_instance: { i: { cluster_identifier: ref("aws_rds_cluster.c"), instance_class: "db.r6g.large", engine: "aurora-postgresql", ...attributes } },
});
const neptune = (attributes: Attributes = {}) => ({ aws_neptune_cluster: { g: { cluster_identifier: "graph", ...attributes } } });
const docdb = (attributes: Attributes = {}, extra: Record<string, Record<string, Attributes>> = {}) => ({ aws_docdb_cluster: { d: { cluster_identifier: "docs", master_username: "docs_admin", ...attributes } }, ...extra });
const redshift = (attributes: Attributes = {}, extra: Record<string, Record<string, Attributes>> = {}) => ({ aws_redshift_cluster: { w: { cluster_identifier: "warehouse", node_type: "ra3.xlplus", ...attributes } }, ...extra });
const dbGroup = (family: string, parameter: Attributes[] = []) => ({ aws_db_parameter_group: { pg: { name: "pg", family, parameter } } });
const redshiftGroup = (family: string, parameter: Attributes[] = []) => ({ aws_redshift_parameter_group: { p: { name: "warehouse", family, parameter } } });

describe("ENV-LOG-009 RDS Enhanced Monitoring", () => {
  it("Noncompliance: no interval (the provider default is 0), an interval of 0, an interval without a role", () => {
    expect(findingsOf(rdsEnhancedMonitoring, db())[0].message).toBe(
      "monitoring_interval is not set (the provider default is 0): the operating-system metrics (processes, memory, swap, I/O) that explain a slow or stuck database are not collected",
    );
    expect(findingsOf(rdsEnhancedMonitoring, db({ monitoring_interval: 0 }))[0].message).toMatch(/^monitoring_interval is 0:/);
    expect(findingsOf(rdsEnhancedMonitoring, db({ monitoring_interval: 60 }))[0].message).toBe(
      "monitoring_interval is 60 but monitoring_role_arn is not set: RDS has no role to publish the metrics with, and refuses the interval without one",
    );
    expect(flagged(rdsEnhancedMonitoring, clusterInstance())).toEqual(["aws_rds_cluster_instance.i"]);
  });

  it("Compliance: an interval with a role by reference; an Aurora instance whose cluster sets monitoring", () => {
    expect(flagged(rdsEnhancedMonitoring, db({ monitoring_interval: 60, monitoring_role_arn: ref("aws_iam_role.monitoring", "arn") }))).toEqual([]);
    expect(flagged(rdsEnhancedMonitoring, clusterInstance({ monitoring_interval: "30", monitoring_role_arn: "arn:aws:iam::111111111111:role/rds-monitoring" }))).toEqual([]);
    expect(flagged(rdsEnhancedMonitoring, clusterInstance({}, { monitoring_interval: 60, monitoring_role_arn: ref("aws_iam_role.monitoring", "arn") }))).toEqual([]);
  });

  it("Unknown: an interval from a variable is reported at info", () => {
    const [finding] = findingsOf(rdsEnhancedMonitoring, db({ monitoring_interval: "${var.x}" }), { variable: NUMBER });
    expect(finding).toMatchObject({ severity: "info", message: expect.stringContaining("could not be resolved") });
  });

  it("runs in staging and prod only", () => {
    expect(flagged(rdsEnhancedMonitoring, db(), { tier: "dev" })).toEqual([]);
    expect(findingsOf(rdsEnhancedMonitoring, db(), { tier: "staging" })[0].severity).toBe("error");
  });
});

describe("ENV-VER-003 RDS automatic minor version upgrades", () => {
  it("Noncompliance: turned off on an instance and on an Aurora instance", () => {
    expect(findingsOf(rdsAutoMinorVersionUpgrade, db({ auto_minor_version_upgrade: false }))[0].message).toBe(
      "auto_minor_version_upgrade is false: engine patches, security fixes among them, wait until someone applies them by hand",
    );
    expect(flagged(rdsAutoMinorVersionUpgrade, clusterInstance({ auto_minor_version_upgrade: "false" }))).toEqual(["aws_rds_cluster_instance.i"]);
  });

  it("Compliance: unset (the provider default is true), or true", () => {
    expect(flagged(rdsAutoMinorVersionUpgrade, { ...db(), ...clusterInstance({ auto_minor_version_upgrade: true }) })).toEqual([]);
  });

  it("Unknown: a variable is reported at info", () => {
    expect(findingsOf(rdsAutoMinorVersionUpgrade, db({ auto_minor_version_upgrade: "${var.x}" }), { variable: FLAG })[0].severity).toBe("info");
  });

  it("is an error in prod, a warning in staging, off in dev", () => {
    const off = db({ auto_minor_version_upgrade: false });
    expect(findingsOf(rdsAutoMinorVersionUpgrade, off, { tier: "staging" })[0].severity).toBe("warning");
    expect(flagged(rdsAutoMinorVersionUpgrade, off, { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-BAK-004 Neptune and ENV-BAK-005 DocumentDB backup retention", () => {
  it("Noncompliance: the default of 1 day, and 7 days, below prod's 35", () => {
    expect(findingsOf(neptuneClusterBackupRetention, neptune())[0].message).toBe("backup_retention_period is not set (the default is 1 day); the prod tier requires at least 35 days");
    expect(findingsOf(docdbClusterBackupRetention, docdb({ backup_retention_period: 7 }))[0].message).toBe("backup_retention_period is 7 days; the prod tier requires at least 35 days");
  });

  it("Compliance: 35 days in prod; the default in dev, whose tier keeps 1 day", () => {
    expect(flagged(neptuneClusterBackupRetention, neptune({ backup_retention_period: 35 }))).toEqual([]);
    expect(flagged(docdbClusterBackupRetention, docdb({ backup_retention_period: "35" }))).toEqual([]);
    expect(flagged(docdbClusterBackupRetention, docdb(), { tier: "dev" })).toEqual([]);
  });

  it("Unknown: a variable is reported at info", () => {
    const [finding] = findingsOf(neptuneClusterBackupRetention, neptune({ backup_retention_period: "${var.x}" }), { variable: NUMBER });
    expect(finding).toMatchObject({ severity: "info", message: expect.stringContaining("could not be resolved to a number of days") });
  });

  it("warns below staging when the tier asks for more than the default", () => {
    expect(findingsOf(docdbClusterBackupRetention, docdb(), { tier: "test" })[0]).toMatchObject({ severity: "warning", message: expect.stringContaining("the test tier requires at least 3 days") });
  });
});

describe("ENV-DEL-004 Neptune and DocumentDB deletion protection", () => {
  it("Noncompliance: unset (the provider default is false) on both, false written out", () => {
    expect(flagged(neptuneDocdbClusterDeletionProtection, { ...neptune(), ...docdb() })).toEqual(["aws_neptune_cluster.g", "aws_docdb_cluster.d"]);
    expect(findingsOf(neptuneDocdbClusterDeletionProtection, docdb({ deletion_protection: false }))[0].message).toBe(
      "deletion_protection is false: a destroy or console click deletes the cluster, and its automated backups with it",
    );
  });

  it("Compliance: true, as a boolean or a string", () => {
    expect(flagged(neptuneDocdbClusterDeletionProtection, { ...neptune({ deletion_protection: true }), ...docdb({ deletion_protection: "true" }) })).toEqual([]);
  });

  it("Unknown: a variable is reported at info", () => {
    expect(findingsOf(neptuneDocdbClusterDeletionProtection, neptune({ deletion_protection: "${var.x}" }), { variable: FLAG })[0].severity).toBe("info");
  });

  it("runs in staging and prod only", () => {
    expect(flagged(neptuneDocdbClusterDeletionProtection, neptune(), { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-LOG-010 Neptune and ENV-LOG-011 DocumentDB audit log exports", () => {
  it("Noncompliance: nothing exported (the default); DocumentDB exporting only the profiler", () => {
    expect(findingsOf(neptuneAuditLogs, neptune())[0].message).toBe(
      "enable_cloudwatch_logs_exports is not set (no logs are exported by default): who queried or changed the graph, and from where, is not recorded",
    );
    expect(findingsOf(docdbAuditLogs, docdb({ enabled_cloudwatch_logs_exports: ["profiler"] }))[0].message).toBe(
      "enabled_cloudwatch_logs_exports lacks audit (it holds profiler): logins, failed authentications and dropped collections are not recorded",
    );
  });

  it("Compliance: audit exported, with other log types", () => {
    expect(flagged(neptuneAuditLogs, neptune({ enable_cloudwatch_logs_exports: ["audit", "slowquery"] }))).toEqual([]);
    expect(flagged(docdbAuditLogs, docdb({ enabled_cloudwatch_logs_exports: ["audit", "profiler"] }))).toEqual([]);
  });

  it("Unknown: a list from a variable is reported at info", () => {
    const [finding] = findingsOf(docdbAuditLogs, docdb({ enabled_cloudwatch_logs_exports: "${var.x}" }), { variable: { x: { type: "list(string)" } } });
    expect(finding).toMatchObject({ severity: "info", message: expect.stringContaining("could not be resolved") });
  });

  it("runs in staging and prod only", () => {
    expect(flagged(neptuneAuditLogs, neptune(), { tier: "test" })).toEqual([]);
    expect(flagged(docdbAuditLogs, docdb(), { tier: "staging" })).toEqual(["aws_docdb_cluster.d"]);
  });
});

describe("ENV-PUB-009 Neptune instances not public", () => {
  const instance = (attributes: Attributes = {}) => ({ aws_neptune_cluster_instance: { n: { cluster_identifier: ref("aws_neptune_cluster.g"), instance_class: "db.r6g.large", ...attributes } } });

  it("Noncompliance: publicly_accessible = true, an error in every tier", () => {
    const [finding] = findingsOf(neptuneInstanceNotPublic, instance({ publicly_accessible: true }), { tier: "dev" });
    expect(finding).toMatchObject({ severity: "error", message: "publicly_accessible is true: the instance gets a public DNS name and address, reachable from the internet" });
  });

  it("Compliance: unset (the provider default is false), or false", () => {
    expect(flagged(neptuneInstanceNotPublic, instance())).toEqual([]);
    expect(flagged(neptuneInstanceNotPublic, instance({ publicly_accessible: false }))).toEqual([]);
  });

  it("Unknown: a variable is reported at info", () => {
    expect(findingsOf(neptuneInstanceNotPublic, instance({ publicly_accessible: "${var.x}" }), { variable: FLAG })[0].severity).toBe("info");
  });
});

describe("ENV-PUB-010 Redshift clusters not public", () => {
  it("Noncompliance: unset (provider 5.x defaults to true), and true, in every tier", () => {
    expect(findingsOf(redshiftNotPublic, redshift(), { tier: "dev" })[0]).toMatchObject({
      severity: "error",
      message: "publicly_accessible is not set (the AWS provider 5 default is true; pin provider 6, whose default is false, or set it): the cluster gets a public endpoint, reachable from the internet wherever its security groups allow",
    });
    expect(findingsOf(redshiftNotPublic, redshift({ publicly_accessible: "true" }))[0].message).toMatch(/^publicly_accessible is true:/);
  });

  it("Compliance: false", () => {
    expect(flagged(redshiftNotPublic, redshift({ publicly_accessible: false }))).toEqual([]);
  });

  it("Unknown: a variable is reported at info", () => {
    expect(findingsOf(redshiftNotPublic, redshift({ publicly_accessible: "${var.x}" }), { variable: FLAG })[0].severity).toBe("info");
  });
});

describe("ENV-LOG-012 Redshift audit logging", () => {
  it("Noncompliance: no logging at all, or logging disabled inline", () => {
    expect(findingsOf(redshiftAuditLogging, redshift())[0].message).toBe("logging is not set and no aws_redshift_logging refers to this cluster: connections, user changes and queries are not recorded");
    expect(findingsOf(redshiftAuditLogging, redshift({ logging: [{ enable: false }] }))[0].message).toMatch(/^logging\.enable is false and no aws_redshift_logging/);
  });

  it("Compliance: an aws_redshift_logging by reference or by literal identifier; inline logging enabled", () => {
    const cloudwatch = { log_destination_type: "cloudwatch", log_exports: ["connectionlog", "userlog", "useractivitylog"] };
    expect(flagged(redshiftAuditLogging, redshift({}, { aws_redshift_logging: { l: { cluster_identifier: ref("aws_redshift_cluster.w"), ...cloudwatch } } }))).toEqual([]);
    expect(flagged(redshiftAuditLogging, redshift({}, { aws_redshift_logging: { l: { cluster_identifier: "warehouse", ...cloudwatch } } }))).toEqual([]);
    expect(flagged(redshiftAuditLogging, redshift({ logging: [{ enable: true, bucket_name: "acme-redshift-logs" }] }))).toEqual([]);
  });

  it("does not count logging of another cluster", () => {
    const other = { aws_redshift_logging: { l: { cluster_identifier: "other-warehouse", log_destination_type: "cloudwatch" } } };
    expect(flagged(redshiftAuditLogging, redshift({}, other))).toEqual(["aws_redshift_cluster.w"]);
  });

  it("Unknown: an inline flag from a variable is reported at info", () => {
    expect(findingsOf(redshiftAuditLogging, redshift({ logging: [{ enable: "${var.x}", bucket_name: "acme-redshift-logs" }] }), { variable: FLAG })[0].severity).toBe("info");
  });

  it("runs in staging and prod only", () => {
    expect(flagged(redshiftAuditLogging, redshift(), { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-NET-010 Redshift enhanced VPC routing", () => {
  it("Noncompliance: unset (the provider default is false)", () => {
    expect(findingsOf(redshiftEnhancedVpcRouting, redshift())[0].message).toBe(
      "enhanced_vpc_routing is not set (the provider default is false): COPY and UNLOAD traffic leaves the VPC over the public network, out of reach of its security groups, endpoint policies and flow logs",
    );
  });

  it("Compliance: true", () => {
    expect(flagged(redshiftEnhancedVpcRouting, redshift({ enhanced_vpc_routing: true }))).toEqual([]);
  });

  it("Unknown: a variable is reported at info", () => {
    expect(findingsOf(redshiftEnhancedVpcRouting, redshift({ enhanced_vpc_routing: "${var.x}" }), { variable: FLAG })[0].severity).toBe("info");
  });

  it("is an error in prod, a warning in staging, off in dev", () => {
    expect(findingsOf(redshiftEnhancedVpcRouting, redshift(), { tier: "staging" })[0].severity).toBe("warning");
    expect(flagged(redshiftEnhancedVpcRouting, redshift(), { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-ENC-023 Redshift requires SSL", () => {
  it("Noncompliance: the redshift-1.0 default group, a group that turns require_ssl off, a redshift-1.0 group that leaves it unset", () => {
    expect(findingsOf(redshiftRequireSsl, redshift({ cluster_parameter_group_name: "default.redshift-1.0" }))[0].message).toBe(
      "cluster_parameter_group_name is default.redshift-1.0, an AWS default group, and require_ssl is false by default in the redshift-1.0 family: clients may connect without TLS, and credentials and query results cross the network in the clear",
    );
    const off = redshift({ cluster_parameter_group_name: ref("aws_redshift_parameter_group.p", "name") }, redshiftGroup("redshift-2.0", [{ name: "require_ssl", value: "false" }]));
    expect(findingsOf(redshiftRequireSsl, off)[0].message).toMatch(/^aws_redshift_parameter_group\.p sets require_ssl to false:/);
    const unset = redshift({ cluster_parameter_group_name: "warehouse" }, redshiftGroup("redshift-1.0", [{ name: "enable_user_activity_logging", value: "true" }]));
    expect(findingsOf(redshiftRequireSsl, unset)[0].message).toMatch(/^aws_redshift_parameter_group\.p does not set require_ssl, and require_ssl is false by default in the redshift-1.0 family/);
  });

  it("Compliance: unset (new clusters get default.redshift-2.0, which requires SSL); a group that sets it, by reference or by name; a redshift-2.0 group", () => {
    expect(flagged(redshiftRequireSsl, redshift())).toEqual([]);
    expect(flagged(redshiftRequireSsl, redshift({ cluster_parameter_group_name: "default.redshift-2.0" }))).toEqual([]);
    const on = redshiftGroup("redshift-1.0", [{ name: "require_ssl", value: "true" }]);
    expect(flagged(redshiftRequireSsl, redshift({ cluster_parameter_group_name: ref("aws_redshift_parameter_group.p", "name") }, on))).toEqual([]);
    expect(flagged(redshiftRequireSsl, redshift({ cluster_parameter_group_name: "warehouse" }, on))).toEqual([]);
    expect(flagged(redshiftRequireSsl, redshift({ cluster_parameter_group_name: "warehouse" }, redshiftGroup("redshift-2.0")))).toEqual([]);
  });

  it("Unknown: a group outside the stack, a group from a variable, a value from a variable", () => {
    expect(findingsOf(redshiftRequireSsl, redshift({ cluster_parameter_group_name: "shared-warehouse" }))[0]).toMatchObject({
      severity: "info",
      message: 'cluster_parameter_group_name is "shared-warehouse", a parameter group this stack does not declare; whether it sets require_ssl cannot be verified',
    });
    expect(findingsOf(redshiftRequireSsl, redshift({ cluster_parameter_group_name: "${var.x}" }), { variable: NAME })[0].severity).toBe("info");
    const fromVariable = redshift({ cluster_parameter_group_name: "warehouse" }, redshiftGroup("redshift-1.0", [{ name: "require_ssl", value: "${var.x}" }]));
    expect(findingsOf(redshiftRequireSsl, fromVariable, { variable: FLAG })[0].severity).toBe("info");
  });

  it("warns below staging", () => {
    expect(findingsOf(redshiftRequireSsl, redshift({ cluster_parameter_group_name: "default.redshift-1.0" }), { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("ENV-ENC-024 RDS requires TLS", () => {
  const byRef = { parameter_group_name: ref("aws_db_parameter_group.pg", "name") };

  it("Noncompliance: PostgreSQL 14 with the default group; a group that turns rds.force_ssl off; MySQL without require_secure_transport", () => {
    expect(findingsOf(rdsRequireTls, db({ engine_version: "14.12" }))[0].message).toBe(
      "parameter_group_name is not set, and rds.force_ssl is off by default before version 15: clients may connect without TLS, and credentials and query results cross the network in the clear",
    );
    expect(findingsOf(rdsRequireTls, db(byRef, dbGroup("postgres16", [{ name: "rds.force_ssl", value: "0" }])))[0].message).toMatch(/^aws_db_parameter_group\.pg sets rds\.force_ssl to 0:/);
    const mysql = db({ engine: "mysql", engine_version: "8.0.39", ...byRef }, dbGroup("mysql8.0", [{ name: "max_connections", value: "200" }]));
    expect(findingsOf(rdsRequireTls, mysql)[0].message).toMatch(/^aws_db_parameter_group\.pg does not set require_secure_transport, and require_secure_transport is off by default before version 9\.7:/);
  });

  it("Noncompliance: an Aurora PostgreSQL cluster without a cluster parameter group", () => {
    expect(findingsOf(rdsRequireTls, { aws_rds_cluster: { c: { cluster_identifier: "app", engine: "aurora-postgresql" } } })[0].message).toMatch(
      /^db_cluster_parameter_group_name is not set, and rds\.force_ssl is off by default:/,
    );
  });

  it("Compliance: the Database construct's group (rds.force_ssl = 1, by reference); PostgreSQL 15+ defaults; MySQL ON; Aurora MySQL cluster group", () => {
    expect(flagged(rdsRequireTls, db(byRef, dbGroup("postgres16", [{ name: "rds.force_ssl", value: "1" }, { name: "log_connections", value: "1" }])))).toEqual([]);
    expect(flagged(rdsRequireTls, db({ engine_version: "16" }))).toEqual([]);
    expect(flagged(rdsRequireTls, db({ parameter_group_name: "default.postgres17" }))).toEqual([]);
    expect(flagged(rdsRequireTls, db({ engine: "mysql", parameter_group_name: "pg" }, dbGroup("mysql8.0", [{ name: "require_secure_transport", value: "ON" }])))).toEqual([]);
    const aurora = {
      aws_rds_cluster: { c: { cluster_identifier: "app", engine: "aurora-mysql", db_cluster_parameter_group_name: ref("aws_rds_cluster_parameter_group.cp", "name") } },
      aws_rds_cluster_parameter_group: { cp: { name: "app", family: "aurora-mysql8.0", parameter: [{ name: "require_secure_transport", value: "1" }] } },
    };
    expect(flagged(rdsRequireTls, aurora)).toEqual([]);
  });

  it("a read replica without a group of its own is judged by its source's engine and group", () => {
    const withReplica = (forceSsl: string) => ({
      ...dbGroup("postgres14", [{ name: "rds.force_ssl", value: forceSsl }]),
      aws_db_instance: { ...db(byRef).aws_db_instance, r: { instance_class: "db.t4g.micro", replicate_source_db: ref("aws_db_instance.db", "identifier") } },
    });
    expect(flagged(rdsRequireTls, withReplica("0"))).toEqual(["aws_db_instance.db", "aws_db_instance.r"]);
    expect(flagged(rdsRequireTls, withReplica("1"))).toEqual([]);
  });

  it("Not applicable: engines whose TLS is not a parameter (Oracle)", () => {
    expect(flagged(rdsRequireTls, db({ engine: "oracle-se2" }))).toEqual([]);
  });

  it("Unknown: an engine only the caller knows (a variable without a default) is reported at info, never passed", () => {
    expect(findingsOf(rdsRequireTls, db({ engine: "${var.x}" }), { variable: NAME })).toMatchObject([{ severity: "info", message: expect.stringMatching(/^engine is "\$\{var\.x\}", which could not be resolved/) }]);
  });

  it("Unknown: no engine version to know the default by; a group outside the stack; a value from a variable", () => {
    expect(findingsOf(rdsRequireTls, db())[0]).toMatchObject({ severity: "info", message: expect.stringMatching(/^parameter_group_name is not set, and whether rds\.force_ssl is on by default depends on the engine version/) });
    expect(findingsOf(rdsRequireTls, db({ parameter_group_name: "shared-pg" }))[0].severity).toBe("info");
    expect(findingsOf(rdsRequireTls, db(byRef, dbGroup("postgres14", [{ name: "rds.force_ssl", value: "${var.x}" }])), { variable: NAME })[0].severity).toBe("info");
  });

  it("warns below staging", () => {
    expect(findingsOf(rdsRequireTls, db({ engine_version: "14" }), { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("ENV-ENC-025 DocumentDB keeps TLS", () => {
  const group = (tls: string) => ({ aws_docdb_cluster_parameter_group: { p: { name: "docs", family: "docdb5.0", parameter: [{ name: "tls", value: tls }] } } });

  it("Noncompliance: a group that disables TLS", () => {
    expect(findingsOf(docdbTls, docdb({ db_cluster_parameter_group_name: ref("aws_docdb_cluster_parameter_group.p", "name") }, group("disabled")))[0].message).toBe(
      "aws_docdb_cluster_parameter_group.p sets tls to disabled: clients connect without TLS, and credentials and documents cross the network in the clear",
    );
  });

  it("Compliance: no group (the default enables TLS), a default group, a group that enables it", () => {
    expect(flagged(docdbTls, docdb())).toEqual([]);
    expect(flagged(docdbTls, docdb({ db_cluster_parameter_group_name: "default.docdb5.0" }))).toEqual([]);
    expect(flagged(docdbTls, docdb({ db_cluster_parameter_group_name: "docs" }, group("tls1.2+")))).toEqual([]);
  });

  it("Unknown: a group outside the stack", () => {
    expect(findingsOf(docdbTls, docdb({ db_cluster_parameter_group_name: "shared-docs" }))[0].severity).toBe("info");
  });
});

describe("ENV-ENC-026 Performance Insights under a customer-managed key", () => {
  it("Noncompliance: enabled without a key", () => {
    expect(findingsOf(rdsPerformanceInsightsKms, db({ performance_insights_enabled: true }))[0].message).toBe(
      "performance_insights_enabled is true but performance_insights_kms_key_id is not set: the collected queries, SQL text included, are encrypted with the AWS-managed aws/rds key, outside the environment key's policy",
    );
    expect(flagged(rdsPerformanceInsightsKms, clusterInstance({ performance_insights_enabled: "true" }))).toEqual(["aws_rds_cluster_instance.i"]);
  });

  it("Compliance: enabled with a key by reference; not applicable when disabled or unset", () => {
    expect(flagged(rdsPerformanceInsightsKms, db({ performance_insights_enabled: true, performance_insights_kms_key_id: ref("aws_kms_key.k", "arn") }))).toEqual([]);
    expect(flagged(rdsPerformanceInsightsKms, { ...db(), ...clusterInstance({ performance_insights_enabled: false }) })).toEqual([]);
  });

  it("Unknown: a variable is reported at info", () => {
    expect(findingsOf(rdsPerformanceInsightsKms, db({ performance_insights_enabled: "${var.x}" }), { variable: FLAG })[0].severity).toBe("info");
  });

  it("warns below staging", () => {
    expect(findingsOf(rdsPerformanceInsightsKms, db({ performance_insights_enabled: true }), { tier: "dev" })[0].severity).toBe("warning");
  });
});
