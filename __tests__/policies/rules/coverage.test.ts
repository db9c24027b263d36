import {
  albDropInvalidHeaders,
  eksControlPlaneLogs,
  eksSecretsEncrypted,
  elasticacheAtRest,
  elasticacheInTransit,
  rdsIamAuth,
  rdsLogExports,
  redshiftEncrypted,
  cloudtrailKms,
  cloudtrailLogValidation,
  cloudtrailMultiRegion,
  dynamodbPointInTimeRecovery,
  ecrImmutableTags,
  instanceBlockDevicesEncrypted,
  listenerTls,
  loadBalancerDeletionProtection,
  secretKms,
  secretRotation,
} from "../../../policies/rules";
import { findingsOf, flagged, ref } from "../helpers";

/** A variable without a default: a value only the caller of the configuration knows (a default would be judged as the value). */
const VARIABLE = { flag: { type: "bool" } };

describe("ENV-ENC-016 EC2 block devices encrypted", () => {
  it("Noncompliance: an instance without a declared root device, an unencrypted root, an unencrypted extra device", () => {
    expect(findingsOf(instanceBlockDevicesEncrypted, { aws_instance: { a: { ami: "ami-1", instance_type: "t3.micro" } } })[0].message).toMatch(/^root_block_device is not declared/);
    const resources = { aws_instance: { b: { ami: "ami-1", instance_type: "t3.micro", root_block_device: [{ encrypted: false }], ebs_block_device: [{ device_name: "/dev/sdf", encrypted: true }, { device_name: "/dev/sdg" }] } } };
    expect(findingsOf(instanceBlockDevicesEncrypted, resources)[0].message).toBe("root_block_device, ebs_block_device[1] are not encrypted: the data on them and its snapshots is stored in the clear");
  });

  it("Noncompliance: a launch template mapping without encryption", () => {
    const resources = { aws_launch_template: { t: { block_device_mappings: [{ device_name: "/dev/xvda", ebs: [{ volume_size: 20 }] }] } } };
    expect(flagged(instanceBlockDevicesEncrypted, resources)).toEqual(["aws_launch_template.t"]);
  });

  it("Compliance: every device encrypted, inline blocks as configuration and constructs write them; a template with no mappings", () => {
    const resources = {
      aws_instance: { c: { ami: "ami-1", instance_type: "t3.micro", root_block_device: [{ encrypted: true, kms_key_id: ref("aws_kms_key.k", "arn") }], ebs_block_device: [{ device_name: "/dev/sdf", encrypted: true }] } },
      aws_launch_template: { t: { block_device_mappings: [{ device_name: "/dev/xvda", ebs: [{ encrypted: "true" }] }] }, bare: { image_id: "ami-1" } },
    };
    expect(flagged(instanceBlockDevicesEncrypted, resources)).toEqual([]);
  });

  it("Unknown: a value from a variable is reported at info, not as a violation", () => {
    const [finding] = findingsOf(instanceBlockDevicesEncrypted, { aws_instance: { v: { ami: "ami-1", instance_type: "t3.micro", root_block_device: [{ encrypted: "${var.flag}" }] } } }, { variable: VARIABLE });
    expect(finding).toMatchObject({ severity: "info", message: expect.stringContaining("could not be resolved") });
  });

  it("warns below staging", () => {
    expect(findingsOf(instanceBlockDevicesEncrypted, { aws_instance: { a: { ami: "ami-1", instance_type: "t3.micro" } } }, { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("CloudTrail: ENV-ENC-017 KMS, ENV-LOG-005 every region, ENV-LOG-006 log validation", () => {
  const trail = (attributes: Record<string, unknown>) => ({ aws_cloudtrail: { t: { name: "audit", s3_bucket_name: "acme-audit", ...attributes } } });

  it("Noncompliance: a trail with the provider's defaults fails all three in prod", () => {
    expect(flagged(cloudtrailKms, trail({}))).toEqual(["aws_cloudtrail.t"]);
    expect(findingsOf(cloudtrailMultiRegion, trail({}))[0].message).toBe("is_multi_region_trail is not set (the provider default is false): calls in other regions, where an intruder would work, are not recorded");
    expect(findingsOf(cloudtrailLogValidation, trail({ enable_log_file_validation: false }))[0].message).toMatch(/^enable_log_file_validation is false:/);
  });

  it("Compliance: a key by reference, every region, validated logs", () => {
    const compliant = trail({ kms_key_id: ref("aws_kms_key.audit", "arn"), is_multi_region_trail: true, enable_log_file_validation: true });
    for (const rule of [cloudtrailKms, cloudtrailMultiRegion, cloudtrailLogValidation]) expect(flagged(rule, compliant)).toEqual([]);
  });

  it("region and validation rules run in staging and prod only", () => {
    expect(flagged(cloudtrailMultiRegion, trail({}), { tier: "dev" })).toEqual([]);
    expect(flagged(cloudtrailLogValidation, trail({}), { tier: "staging" })).toEqual(["aws_cloudtrail.t"]);
  });
});

describe("Secrets Manager: ENV-ENC-018 customer-managed key, ENV-KMS-002 rotation", () => {
  it("Noncompliance: a secret with the AWS-managed key and no rotation", () => {
    const resources = { aws_secretsmanager_secret: { s: { name: "db" } } };
    expect(flagged(secretKms, resources)).toEqual(["aws_secretsmanager_secret.s"]);
    expect(findingsOf(secretRotation, resources)[0]).toMatchObject({ severity: "error", message: expect.stringMatching(/^no aws_secretsmanager_secret_rotation refers to this secret/) });
  });

  it("Compliance: the environment key, and a rotation resource (a separate resource, as the provider wants it)", () => {
    const resources = {
      aws_secretsmanager_secret: { s: { name: "db", kms_key_id: ref("aws_kms_key.k", "arn") } },
      aws_secretsmanager_secret_rotation: { r: { secret_id: ref("aws_secretsmanager_secret.s"), rotation_lambda_arn: "arn:aws:lambda:eu-west-1:111111111111:function:rotate", rotation_rules: [{ automatically_after_days: 30 }] } },
    };
    expect(flagged(secretKms, resources)).toEqual([]);
    expect(flagged(secretRotation, resources)).toEqual([]);
  });

  it("rotation is advice below prod", () => {
    expect(findingsOf(secretRotation, { aws_secretsmanager_secret: { s: { name: "db" } } }, { tier: "staging" })[0].severity).toBe("warning");
    expect(flagged(secretRotation, { aws_secretsmanager_secret: { s: { name: "db" } } }, { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-BAK-003 DynamoDB point-in-time recovery", () => {
  it("Noncompliance: not declared, or disabled", () => {
    expect(flagged(dynamodbPointInTimeRecovery, { aws_dynamodb_table: { a: { name: "a", hash_key: "id" }, b: { name: "b", hash_key: "id", point_in_time_recovery: [{ enabled: false }] } } })).toEqual(["aws_dynamodb_table.a", "aws_dynamodb_table.b"]);
  });

  it("Compliance: enabled", () => {
    expect(flagged(dynamodbPointInTimeRecovery, { aws_dynamodb_table: { a: { name: "a", hash_key: "id", point_in_time_recovery: [{ enabled: true }] } } })).toEqual([]);
  });
});

describe("ENV-VER-002 ECR immutable tags", () => {
  it("Noncompliance: the default (MUTABLE), and MUTABLE written out", () => {
    expect(findingsOf(ecrImmutableTags, { aws_ecr_repository: { a: { name: "a" } } })[0].message).toMatch(/^image_tag_mutability is not set \(the default is MUTABLE\)/);
    expect(flagged(ecrImmutableTags, { aws_ecr_repository: { b: { name: "b", image_tag_mutability: "MUTABLE" } } })).toEqual(["aws_ecr_repository.b"]);
  });

  it("Compliance: IMMUTABLE", () => {
    expect(flagged(ecrImmutableTags, { aws_ecr_repository: { a: { name: "a", image_tag_mutability: "IMMUTABLE" } } })).toEqual([]);
  });
});

describe("ENV-DEL-003 load balancer deletion protection", () => {
  it("Noncompliance in prod, off in dev", () => {
    expect(flagged(loadBalancerDeletionProtection, { aws_lb: { lb: { name: "web" } } })).toEqual(["aws_lb.lb"]);
    expect(flagged(loadBalancerDeletionProtection, { aws_lb: { lb: { name: "web" } } }, { tier: "dev" })).toEqual([]);
  });

  it("Compliance: enabled", () => {
    expect(flagged(loadBalancerDeletionProtection, { aws_alb: { lb: { name: "web", enable_deletion_protection: true } } })).toEqual([]);
  });
});

describe("ENV-NET-005 listeners: HTTPS with TLS 1.2+, HTTP only to redirect", () => {
  const listener = (attributes: Record<string, unknown>) => ({ aws_lb_listener: { l: { load_balancer_arn: ref("aws_lb.web", "arn"), ...attributes } } });

  it("Noncompliance: HTTP that forwards, a port-80 listener without a protocol, an outdated TLS policy", () => {
    expect(findingsOf(listenerTls, listener({ port: 80, protocol: "HTTP", default_action: [{ type: "forward", target_group_arn: ref("aws_lb_target_group.app", "arn") }] }))[0].message).toBe(
      "an HTTP listener forwards traffic in the clear; its default action must redirect to HTTPS",
    );
    expect(flagged(listenerTls, listener({ port: 80, default_action: [{ type: "forward", target_group_arn: ref("aws_lb_target_group.app", "arn") }] }))).toEqual(["aws_lb_listener.l"]);
    expect(findingsOf(listenerTls, listener({ port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-2016-08", certificate_arn: "arn:aws:acm:eu-west-1:1:certificate/x", default_action: [{ type: "forward", target_group_arn: ref("aws_lb_target_group.app", "arn") }] }))[0].message).toMatch(
      /^ssl_policy ELBSecurityPolicy-2016-08 accepts TLS 1\.0 or 1\.1/,
    );
  });

  it("Compliance: HTTP that redirects to HTTPS; HTTPS with a TLS 1.3 policy; a TCP listener", () => {
    expect(flagged(listenerTls, listener({ port: 80, protocol: "HTTP", default_action: [{ type: "redirect", redirect: [{ protocol: "HTTPS", port: "443", status_code: "HTTP_301" }] }] }))).toEqual([]);
    expect(flagged(listenerTls, listener({ port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificate_arn: "arn:aws:acm:eu-west-1:1:certificate/x", default_action: [{ type: "forward", target_group_arn: ref("aws_lb_target_group.app", "arn") }] }))).toEqual([]);
    expect(flagged(listenerTls, listener({ port: 5432, protocol: "TCP", default_action: [{ type: "forward", target_group_arn: ref("aws_lb_target_group.db", "arn") }] }))).toEqual([]);
  });
});

describe("RDS: ENV-IAM-004 IAM authentication, ENV-LOG-007 log exports", () => {
  const db = (attributes: Record<string, unknown>) => ({ aws_db_instance: { db: { engine: "postgres", instance_class: "db.t4g.micro", ...attributes } } });

  it("Noncompliance: neither set (the provider's defaults)", () => {
    expect(findingsOf(rdsIamAuth, db({}))[0].message).toMatch(/^iam_database_authentication_enabled is not set \(the provider default is false\)/);
    expect(findingsOf(rdsLogExports, db({ enabled_cloudwatch_logs_exports: [] }))[0].message).toMatch(/^enabled_cloudwatch_logs_exports is empty/);
  });

  it("Compliance: an instance and an Aurora cluster as the Database construct sets them", () => {
    const compliant = { ...db({ iam_database_authentication_enabled: true, enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"] }), aws_rds_cluster: { c: { engine: "aurora-postgresql", iam_database_authentication_enabled: true, enabled_cloudwatch_logs_exports: ["postgresql"] } } };
    expect(flagged(rdsIamAuth, compliant)).toEqual([]);
    expect(flagged(rdsLogExports, compliant)).toEqual([]);
  });

  it("log exports are asked for in staging and prod only; IAM authentication warns below", () => {
    expect(flagged(rdsLogExports, db({}), { tier: "dev" })).toEqual([]);
    expect(findingsOf(rdsIamAuth, db({}), { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("ENV-PUB-008 application load balancers drop invalid headers", () => {
  it("Noncompliance: an ALB by default; Compliance: set, or a network load balancer (not applicable)", () => {
    expect(flagged(albDropInvalidHeaders, { aws_lb: { web: { name: "web" } } })).toEqual(["aws_lb.web"]);
    expect(flagged(albDropInvalidHeaders, { aws_lb: { web: { name: "web", drop_invalid_header_fields: true }, tcp: { name: "tcp", load_balancer_type: "network" } } })).toEqual([]);
  });
});

describe("ElastiCache: ENV-ENC-019 at rest, ENV-ENC-020 in transit; ENV-ENC-021 Redshift", () => {
  it("Noncompliance: the defaults; Compliance: both set", () => {
    const group = (attributes: Record<string, unknown>) => ({ aws_elasticache_replication_group: { g: { replication_group_id: "cache", description: "cache", ...attributes } } });
    expect(flagged(elasticacheAtRest, group({}))).toEqual(["aws_elasticache_replication_group.g"]);
    expect(flagged(elasticacheInTransit, group({ at_rest_encryption_enabled: true }))).toEqual(["aws_elasticache_replication_group.g"]);
    const both = group({ at_rest_encryption_enabled: true, transit_encryption_enabled: true, kms_key_id: ref("aws_kms_key.k", "arn") });
    expect([...flagged(elasticacheAtRest, both), ...flagged(elasticacheInTransit, both)]).toEqual([]);
  });

  it("Redshift: unencrypted fails, encrypted passes", () => {
    expect(flagged(redshiftEncrypted, { aws_redshift_cluster: { w: { cluster_identifier: "w", node_type: "ra3.xlplus" } } })).toEqual(["aws_redshift_cluster.w"]);
    expect(flagged(redshiftEncrypted, { aws_redshift_cluster: { w: { cluster_identifier: "w", node_type: "ra3.xlplus", encrypted: true } } })).toEqual([]);
  });
});

describe("EKS: ENV-ENC-022 secrets encryption, ENV-LOG-008 control-plane logs", () => {
  const cluster = (attributes: Record<string, unknown>) => ({ aws_eks_cluster: { c: { name: "c", role_arn: "arn:aws:iam::111111111111:role/eks", vpc_config: [{ subnet_ids: ["subnet-1"] }], ...attributes } } });

  it("Noncompliance: no encryption_config; log types that leave out audit", () => {
    expect(flagged(eksSecretsEncrypted, cluster({}))).toEqual(["aws_eks_cluster.c"]);
    expect(findingsOf(eksControlPlaneLogs, cluster({ enabled_cluster_log_types: ["api"] }))[0].message).toBe("enabled_cluster_log_types lacks audit, authenticator: who called the Kubernetes API, and as whom, is not recorded");
  });

  it("Compliance: secrets under a key, and the api, audit and authenticator logs", () => {
    const compliant = cluster({ encryption_config: [{ resources: ["secrets"], provider: [{ key_arn: ref("aws_kms_key.eks", "arn") }] }], enabled_cluster_log_types: ["api", "audit", "authenticator", "scheduler"] });
    expect(flagged(eksSecretsEncrypted, compliant)).toEqual([]);
    expect(flagged(eksControlPlaneLogs, compliant)).toEqual([]);
  });
});
