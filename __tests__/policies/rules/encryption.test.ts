import { Rule } from "../../../policies/engine";
import {
  docdbClusterStorageEncrypted,
  dynamodbTableKms,
  ebsSnapshotCopyEncrypted,
  ebsVolumeEncrypted,
  ecrRepositoryKms,
  efsEncrypted,
  kmsKeyRotation,
  logGroupEncrypted,
  neptuneClusterStorageEncrypted,
  rdsClusterStorageEncrypted,
  rdsInstanceStorageEncrypted,
  s3BucketEncrypted,
  searchDomainEncryptedAtRest,
  searchDomainNodeToNode,
  snsTopicEncrypted,
  sqsQueueEncrypted,
} from "../../../policies/rules";
import { findingsOf, flagged, ref } from "../helpers";

const sse = (algorithm: string) => [{ rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: algorithm }] }] }];

describe("ENV-ENC-001 S3 bucket encryption", () => {
  it("Noncompliance 1: fails for a bucket with no encryption configuration", () => {
    expect(flagged(s3BucketEncrypted, { aws_s3_bucket: { b: { bucket: "b" } } })).toEqual(["aws_s3_bucket.b"]);
  });

  it("Noncompliance 2: fails when the separate configuration belongs to another bucket", () => {
    const resources = {
      aws_s3_bucket: { b: { bucket: "b" }, other: { bucket: "other" } },
      aws_s3_bucket_server_side_encryption_configuration: { c: { bucket: ref("aws_s3_bucket.other"), rule: sse("AES256")[0].rule } },
    };
    expect(flagged(s3BucketEncrypted, resources)).toEqual(["aws_s3_bucket.b"]);
  });

  it("Compliance: inline server_side_encryption_configuration with AES256", () => {
    expect(flagged(s3BucketEncrypted, { aws_s3_bucket: { b: { bucket: "b", server_side_encryption_configuration: sse("AES256") } } })).toEqual([]);
  });

  it("Compliance: separate configuration referring to the bucket with aws:kms", () => {
    const resources = {
      aws_s3_bucket: { b: { bucket: "b" } },
      aws_s3_bucket_server_side_encryption_configuration: { c: { bucket: ref("aws_s3_bucket.b"), rule: sse("aws:kms")[0].rule } },
    };
    expect(flagged(s3BucketEncrypted, resources)).toEqual([]);
  });

  it("Compliance: separate configuration naming the bucket literally (hand-written Terraform)", () => {
    const resources = {
      aws_s3_bucket: { b: { bucket: "my-data" } },
      aws_s3_bucket_server_side_encryption_configuration: { c: { bucket: "my-data", rule: sse("aws:kms")[0].rule } },
    };
    expect(flagged(s3BucketEncrypted, resources)).toEqual([]);
  });

  it.each([
    ["preview", "warning"],
    ["dev", "warning"],
    ["test", "warning"],
    ["staging", "error"],
    ["prod", "error"],
  ] as const)("reports a %s finding as %s", (tier, severity) => {
    expect(findingsOf(s3BucketEncrypted, { aws_s3_bucket: { b: {} } }, { tier })[0].severity).toBe(severity);
  });
});

const flagRules: [Rule, string, string][] = [
  [ebsVolumeEncrypted, "aws_ebs_volume", "encrypted"],
  [ebsSnapshotCopyEncrypted, "aws_ebs_snapshot_copy", "encrypted"],
  [rdsInstanceStorageEncrypted, "aws_db_instance", "storage_encrypted"],
  [rdsClusterStorageEncrypted, "aws_rds_cluster", "storage_encrypted"],
  [neptuneClusterStorageEncrypted, "aws_neptune_cluster", "storage_encrypted"],
  [docdbClusterStorageEncrypted, "aws_docdb_cluster", "storage_encrypted"],
  [efsEncrypted, "aws_efs_file_system", "encrypted"],
];

describe.each(flagRules.map(([rule, type, field]) => [`${rule.id} ${type}.${field}`, rule, type, field] as const))("%s", (_name, rule, type, field) => {
  it(`Noncompliance 1: fails when ${field} is unset`, () => {
    expect(findingsOf(rule, { [type]: { r: {} } })[0].message).toContain(`${field} is not set`);
  });

  it(`Noncompliance 2: fails when ${field} is false`, () => {
    expect(flagged(rule, { [type]: { r: { [field]: false } } })).toEqual([`${type}.r`]);
  });

  it(`Noncompliance 3: reports a reference in ${field} as unresolved`, () => {
    expect(findingsOf(rule, { [type]: { r: { [field]: "${var.encrypt}" } } })[0].message).toContain("could not be resolved");
  });

  it(`Compliance: passes when ${field} is true`, () => {
    expect(flagged(rule, { [type]: { r: { [field]: true } } })).toEqual([]);
  });
});

describe("ENV-ENC-009 DynamoDB KMS encryption", () => {
  it("Noncompliance 1: fails without server_side_encryption", () => {
    expect(flagged(dynamodbTableKms, { aws_dynamodb_table: { t: { name: "t" } } })).toEqual(["aws_dynamodb_table.t"]);
  });

  it("Compliance: server_side_encryption enabled with a key", () => {
    const table = { name: "t", server_side_encryption: [{ enabled: true, kms_key_arn: ref("aws_kms_key.k", "arn") }] };
    expect(flagged(dynamodbTableKms, { aws_dynamodb_table: { t: table } })).toEqual([]);
  });
});

describe("ENV-ENC-010 SQS encryption", () => {
  it("Noncompliance 1: fails with neither KMS nor SQS-managed SSE", () => {
    expect(flagged(sqsQueueEncrypted, { aws_sqs_queue: { q: { sqs_managed_sse_enabled: false } } })).toEqual(["aws_sqs_queue.q"]);
  });

  it("Compliance: a KMS key reference counts", () => {
    expect(flagged(sqsQueueEncrypted, { aws_sqs_queue: { q: { kms_master_key_id: ref("aws_kms_key.k", "arn") } } })).toEqual([]);
  });

  it("Compliance: SQS-managed SSE counts", () => {
    expect(flagged(sqsQueueEncrypted, { aws_sqs_queue: { q: { sqs_managed_sse_enabled: true } } })).toEqual([]);
  });
});

describe("ENV-ENC-011 SNS encryption", () => {
  it("Noncompliance 1: fails without kms_master_key_id", () => {
    expect(flagged(snsTopicEncrypted, { aws_sns_topic: { t: { name: "t" } } })).toEqual(["aws_sns_topic.t"]);
  });

  it("Compliance: passes with the AWS-managed alias", () => {
    expect(flagged(snsTopicEncrypted, { aws_sns_topic: { t: { kms_master_key_id: "alias/aws/sns" } } })).toEqual([]);
  });
});

describe("ENV-ENC-012 log group encryption", () => {
  it("Noncompliance 1: fails without kms_key_id", () => {
    expect(flagged(logGroupEncrypted, { aws_cloudwatch_log_group: { g: { name: "/app" } } })).toEqual(["aws_cloudwatch_log_group.g"]);
  });

  it("Compliance: passes with a key reference", () => {
    expect(flagged(logGroupEncrypted, { aws_cloudwatch_log_group: { g: { kms_key_id: ref("aws_kms_key.k", "arn") } } })).toEqual([]);
  });
});

describe.each(["aws_opensearch_domain", "aws_elasticsearch_domain"])("ENV-ENC-013/014 on %s", (type) => {
  it("Noncompliance 1: fails at rest when encrypt_at_rest is disabled", () => {
    expect(flagged(searchDomainEncryptedAtRest, { [type]: { d: { encrypt_at_rest: [{ enabled: false }] } } })).toEqual([`${type}.d`]);
  });

  it("Noncompliance 2: fails in transit when node_to_node_encryption is missing", () => {
    expect(flagged(searchDomainNodeToNode, { [type]: { d: {} } })).toEqual([`${type}.d`]);
  });

  it("Compliance: both enabled", () => {
    const domain = { encrypt_at_rest: [{ enabled: true }], node_to_node_encryption: [{ enabled: true }] };
    expect([...flagged(searchDomainEncryptedAtRest, { [type]: { d: domain } }), ...flagged(searchDomainNodeToNode, { [type]: { d: domain } })]).toEqual([]);
  });
});

describe("ENV-ENC-015 ECR KMS encryption", () => {
  it("Noncompliance 1: fails with the default AES256 encryption", () => {
    expect(findingsOf(ecrRepositoryKms, { aws_ecr_repository: { r: { name: "r" } } })[0].message).toContain("not set");
  });

  it("Compliance: KMS encryption type", () => {
    expect(flagged(ecrRepositoryKms, { aws_ecr_repository: { r: { encryption_configuration: [{ encryption_type: "KMS" }] } } })).toEqual([]);
  });
});

describe("ENV-KMS-001 key rotation", () => {
  it("Noncompliance 1: fails for a symmetric key without rotation", () => {
    expect(flagged(kmsKeyRotation, { aws_kms_key: { k: { description: "env key" } } })).toEqual(["aws_kms_key.k"]);
  });

  it("Compliance: rotation enabled", () => {
    expect(flagged(kmsKeyRotation, { aws_kms_key: { k: { enable_key_rotation: true } } })).toEqual([]);
  });

  it("Compliance: asymmetric signing keys are not applicable", () => {
    expect(flagged(kmsKeyRotation, { aws_kms_key: { k: { customer_master_key_spec: "RSA_2048", key_usage: "SIGN_VERIFY" } } })).toEqual([]);
  });
});
