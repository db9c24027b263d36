/**
 * Cross-resource rules (judged with what a resource refers to), IAM in every
 * form, and the secrets heuristics: both forms through findingsOf.
 */
import {
  docdbClusterStorageEncrypted,
  ebsSnapshotCopyEncrypted,
  ebsVolumeEncrypted,
  listenerTls,
  noAdminPolicy,
  noInlineUserPolicy,
  noSecretsInContainerEnvironment,
  noSecretsInLambdaEnvironment,
  noSecretsInUserData,
  noSecretVariableDefaults,
  noServiceWildcard,
  rdsClusterStorageEncrypted,
  rdsInstanceStorageEncrypted,
  resourcePolicyNotPublic,
  roleTrustNotPublic,
  s3BucketPolicyNotPublic,
  snapshotSourceEncrypted,
} from "../../../policies/rules";
import { findingsOf, flagged, ref } from "../helpers";

const doc = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const db = (attributes: Record<string, unknown>) => ({ engine: "postgres", instance_class: "db.t4g.micro", ...attributes });

describe("Encryption judged by the source: snapshots, copies, replicas, restores (ENV-ENC-039 and the storage rules)", () => {
  const volumes = { aws_ebs_volume: { plain: { availability_zone: "eu-west-1a", size: 10 }, sealed: { availability_zone: "eu-west-1a", size: 10, encrypted: true } } };

  it("Noncompliance: a snapshot of an unencrypted volume, and a copy of that snapshot with no encryption of its own", () => {
    const resources = { ...volumes, aws_ebs_snapshot: { s: { volume_id: ref("aws_ebs_volume.plain") } }, aws_ebs_snapshot_copy: { c: { source_snapshot_id: ref("aws_ebs_snapshot.s"), source_region: "eu-west-1" } } };
    expect(findingsOf(snapshotSourceEncrypted, resources)[0].message).toBe(
      "its source aws_ebs_volume.plain is not encrypted (aws_ebs_snapshot inherits encryption through volume_id): the snapshot, and everything restored from it, is stored unencrypted",
    );
    expect(findingsOf(ebsSnapshotCopyEncrypted, resources)[0].message).toMatch(/^its source aws_ebs_volume\.plain is not encrypted \(aws_ebs_snapshot_copy inherits encryption through source_snapshot_id\)/);
  });

  it("Compliance: the same chain from an encrypted volume; a copy that encrypts itself; a volume restored from an encrypted snapshot", () => {
    const resources = {
      ...volumes,
      aws_ebs_snapshot: { s: { volume_id: ref("aws_ebs_volume.sealed") }, p: { volume_id: ref("aws_ebs_volume.plain") } },
      aws_ebs_snapshot_copy: { c: { source_snapshot_id: ref("aws_ebs_snapshot.s"), source_region: "eu-west-1" }, e: { source_snapshot_id: ref("aws_ebs_snapshot.p"), source_region: "eu-west-1", encrypted: true } },
    };
    expect(flagged(snapshotSourceEncrypted, { ...resources, aws_ebs_snapshot: { s: resources.aws_ebs_snapshot.s } })).toEqual([]);
    expect(flagged(ebsSnapshotCopyEncrypted, resources)).toEqual([]);
    const restored = { ...volumes, aws_ebs_snapshot: { s: { volume_id: ref("aws_ebs_volume.sealed") } }, aws_ebs_volume: { ...volumes.aws_ebs_volume, restored: { availability_zone: "eu-west-1a", snapshot_id: ref("aws_ebs_snapshot.s") } } };
    expect(flagged(ebsVolumeEncrypted, restored)).toEqual(["aws_ebs_volume.plain"]);
  });

  it("Compliance: a volume with no setting in a stack that turns on EBS encryption by default", () => {
    expect(flagged(ebsVolumeEncrypted, { ...volumes, aws_ebs_encryption_by_default: { on: { enabled: true } } })).toEqual([]);
    expect(flagged(ebsVolumeEncrypted, { ...volumes, aws_ebs_encryption_by_default: { off: { enabled: false } } })).toEqual(["aws_ebs_volume.plain"]);
  });

  it("RDS: a read replica and a restore inherit; a snapshot copy with a key is encrypted; the source decides the rest", () => {
    const resources = {
      aws_db_instance: {
        sealed: db({ storage_encrypted: true }),
        plain: db({}),
        replica: { instance_class: "db.t4g.micro", replicate_source_db: ref("aws_db_instance.sealed", "identifier") },
        plainReplica: { instance_class: "db.t4g.micro", replicate_source_db: ref("aws_db_instance.plain", "identifier") },
        restored: { instance_class: "db.t4g.micro", snapshot_identifier: ref("aws_db_snapshot.ofSealed", "id") },
      },
      aws_db_snapshot: { ofSealed: { db_instance_identifier: ref("aws_db_instance.sealed", "identifier"), db_snapshot_identifier: "sealed-1" }, ofPlain: { db_instance_identifier: ref("aws_db_instance.plain", "identifier"), db_snapshot_identifier: "plain-1" } },
      aws_db_snapshot_copy: {
        keyed: { source_db_snapshot_identifier: ref("aws_db_snapshot.ofPlain", "db_snapshot_arn"), target_db_snapshot_identifier: "keyed", kms_key_id: ref("aws_kms_key.k", "arn") },
        bare: { source_db_snapshot_identifier: ref("aws_db_snapshot.ofPlain", "db_snapshot_arn"), target_db_snapshot_identifier: "bare" },
      },
    };
    expect(flagged(rdsInstanceStorageEncrypted, resources)).toEqual(["aws_db_instance.plain", "aws_db_instance.plainReplica"]);
    expect(flagged(snapshotSourceEncrypted, resources)).toEqual(["aws_db_snapshot.ofPlain", "aws_db_snapshot_copy.bare"]);
  });

  it("clusters and their snapshots: Aurora, Neptune, DocumentDB", () => {
    const resources = {
      aws_rds_cluster: { plain: { engine: "aurora-postgresql" }, restored: { engine: "aurora-postgresql", snapshot_identifier: ref("aws_db_cluster_snapshot.s", "id") } },
      aws_db_cluster_snapshot: { s: { db_cluster_identifier: ref("aws_rds_cluster.plain", "id"), db_cluster_snapshot_identifier: "s" } },
      aws_neptune_cluster: { g: { storage_encrypted: true } },
      aws_neptune_cluster_snapshot: { gs: { db_cluster_identifier: ref("aws_neptune_cluster.g", "id"), db_cluster_snapshot_identifier: "g" } },
      aws_docdb_cluster: { d: {} },
      aws_docdb_cluster_snapshot: { ds: { db_cluster_identifier: ref("aws_docdb_cluster.d", "id"), db_cluster_snapshot_identifier: "d" } },
    };
    expect(flagged(snapshotSourceEncrypted, resources)).toEqual(["aws_db_cluster_snapshot.s", "aws_docdb_cluster_snapshot.ds"]);
    expect(findingsOf(rdsClusterStorageEncrypted, resources).map((f) => [f.resource, f.message.split(":")[0]])).toEqual([
      ["aws_rds_cluster.plain", "storage_encrypted is not set (the provider default is false)"],
      ["aws_rds_cluster.restored", "its source aws_rds_cluster.plain is not encrypted (aws_rds_cluster inherits encryption through snapshot_identifier)"],
    ]);
    expect(flagged(docdbClusterStorageEncrypted, resources)).toEqual(["aws_docdb_cluster.d"]);
  });

  it("Unknown: a source outside the configuration, or a variable, is reported at info", () => {
    const outside = findingsOf(snapshotSourceEncrypted, { aws_ebs_snapshot: { s: { volume_id: "vol-0123456789abcdef0" } } });
    expect(outside).toMatchObject([{ severity: "info", message: 'aws_ebs_snapshot.s.volume_id ("vol-0123456789abcdef0") names a source outside this configuration; whether it is encrypted cannot be verified' }]);
    const variable = findingsOf(rdsInstanceStorageEncrypted, { aws_db_instance: { d: db({ storage_encrypted: "${var.encrypt}" }) } }, { variable: { encrypt: { type: "bool" } } });
    expect(variable[0].severity).toBe("info");
  });
});

describe("ENV-PUB-014 resource policies of queues, topics, domains, repositories, secrets and keys", () => {
  const open = { Sid: "Open", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" };

  it("Noncompliance: a queue made public through a referenced aws_iam_policy_document; a TLS-only condition does not narrow the caller", () => {
    const resources = { aws_sqs_queue: { q: { name: "jobs" } }, aws_sqs_queue_policy: { p: { queue_url: ref("aws_sqs_queue.q", "url"), policy: doc({ ...open, Condition: { Bool: { "aws:SecureTransport": "true" } } }) } } };
    expect(findingsOf(resourcePolicyNotPublic, resources)[0].message).toBe(
      'statement Open allows Principal "*" with no Condition that narrows the caller: anyone on the internet gets the listed actions on aws_sqs_queue.q',
    );
  });

  it("Noncompliance: a topic's inline policy written with Fn.jsonencode, an ECR repository policy open to every AWS account", () => {
    const jsonencoded = '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Principal" = {"AWS" = "*"}, "Action" = ["sns:Publish"], "Resource" = aws_sns_topic.t.arn}]})}';
    expect(flagged(resourcePolicyNotPublic, { aws_sns_topic: { t: { name: "alerts", policy: jsonencoded } } })).toEqual(["aws_sns_topic.t"]);
    expect(flagged(resourcePolicyNotPublic, { aws_ecr_repository_policy: { p: { repository: "app", policy: doc({ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "ecr:BatchGetImage" }) } } })).toEqual(["aws_ecr_repository_policy.p"]);
  });

  it("Compliance: named principals, a service narrowed by aws:SourceArn, a key policy for the account root, Principal * narrowed by kms:CallerAccount", () => {
    const resources = {
      aws_sqs_queue: { q: { name: "jobs", policy: doc({ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*", Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:t" } } }) } },
      aws_kms_key: {
        k: { policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" }) },
        shared: { policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "111111111111" } } }) },
        none: { description: "no policy: the default key policy" },
      },
      aws_secretsmanager_secret_policy: { p: { secret_arn: ref("aws_secretsmanager_secret.s", "arn"), policy: doc({ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-1" } } }) } },
    };
    // StringNotEquals does not narrow: the secret policy is the one finding.
    expect(flagged(resourcePolicyNotPublic, resources)).toEqual(["aws_secretsmanager_secret_policy.p"]);
  });

  it("a search domain in a VPC with an open policy is a warning: only who reaches its subnets gets in", () => {
    const resources = {
      aws_opensearch_domain: { d: { domain_name: "search", vpc_options: [{ subnet_ids: ["subnet-1"] }] } },
      aws_opensearch_domain_policy: { p: { domain_name: ref("aws_opensearch_domain.d", "domain_name"), access_policies: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "es:*", Resource: "*" }) } },
    };
    expect(findingsOf(resourcePolicyNotPublic, resources)).toMatchObject([{ severity: "warning", message: expect.stringContaining("the domain is in a VPC") }]);
  });

  it("Unknown: a policy from an expression that cannot be read is reported at info", () => {
    expect(findingsOf(resourcePolicyNotPublic, { aws_sns_topic: { t: { name: "t", policy: '${templatefile("topic.json", {})}' } } })[0].severity).toBe("info");
  });

  it("ENV-PUB-003 also reads a bucket's inline policy", () => {
    expect(flagged(s3BucketPolicyNotPublic, { aws_s3_bucket: { b: { bucket: "site", policy: doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::site/*" }) }, quiet: { bucket: "quiet" } } })).toEqual(["aws_s3_bucket.b"]);
  });
});

describe("IAM in every form: ENV-IAM-001 administrator access, ENV-IAM-005 service wildcards, ENV-IAM-006 open trust, ENV-IAM-002 user policies", () => {
  const trust = doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });
  const admin = { Effect: "Allow", Action: "*", Resource: "*" };

  it("ENV-IAM-001 Noncompliance: a role's inline_policy, AdministratorAccess through managed_policy_arns and attachments, a jsonencode policy", () => {
    expect(findingsOf(noAdminPolicy, { aws_iam_role: { r: { assume_role_policy: trust, inline_policy: [{ name: "admin", policy: doc(admin) }] } } })[0].message).toBe(
      'inline_policy "admin" statement #1 allows Action "*" on Resource "*": full administrator access',
    );
    expect(flagged(noAdminPolicy, { aws_iam_role: { r: { assume_role_policy: trust, managed_policy_arns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } } })).toEqual(["aws_iam_role.r"]);
    for (const type of ["aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment"]) {
      expect(findingsOf(noAdminPolicy, { [type]: { a: { policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" } } })[0].message).toBe("policy_arn attaches arn:aws:iam::aws:policy/AdministratorAccess: full administrator access");
    }
    expect(flagged(noAdminPolicy, { aws_iam_policy: { p: { policy: '${jsonencode({"Statement" = [{"Effect" = "Allow", "Action" = "*", "Resource" = "*"}]})}' } } })).toEqual(["aws_iam_policy.p"]);
  });

  it("ENV-IAM-001 Compliance: scoped managed policies, a role with a scoped inline policy, an attachment by reference", () => {
    const resources = {
      aws_iam_role: { r: { assume_role_policy: trust, inline_policy: [{ name: "read", policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }) }] } },
      aws_iam_role_policy_attachment: { ro: { role: ref("aws_iam_role.r", "name"), policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, own: { role: ref("aws_iam_role.r", "name"), policy_arn: ref("aws_iam_policy.p", "arn") } },
    };
    expect(flagged(noAdminPolicy, resources)).toEqual([]);
  });

  it("ENV-IAM-005 Noncompliance: s3:* on *, NotAction on *, in a data-source document; Compliance: s3:* on one bucket", () => {
    expect(findingsOf(noServiceWildcard, { aws_iam_policy: { p: { policy: doc({ Sid: "All", Effect: "Allow", Action: ["s3:*", "sqs:SendMessage"], Resource: "*" }) } } })[0].message).toBe(
      'statement All allows s3:* on Resource "*": every action of the service, on every resource of the account',
    );
    expect(flagged(noServiceWildcard, { aws_iam_group_policy: { g: { group: "ops", policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) } } })).toEqual(["aws_iam_group_policy.g"]);
    expect(flagged(noServiceWildcard, { aws_iam_role_policy: { p: { role: "r", policy: doc({ Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"] }) } } })).toEqual([]);
  });

  it("ENV-IAM-006 Noncompliance: anyone may assume; Compliance: a service, an account, Principal * narrowed by aws:PrincipalOrgID", () => {
    const open = doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" });
    expect(findingsOf(roleTrustNotPublic, { aws_iam_role: { r: { assume_role_policy: open } } })[0].message).toBe(
      'assume_role_policy statement #1 lets Principal "*" assume the role with no Condition that narrows the caller: any AWS account gets its permissions',
    );
    const narrowed = doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } });
    expect(flagged(roleTrustNotPublic, { aws_iam_role: { s: { assume_role_policy: trust }, o: { assume_role_policy: narrowed } } })).toEqual([]);
  });

  it("ENV-IAM-002: a policy attached to a user, directly or through aws_iam_policy_attachment; roles and groups only pass", () => {
    expect(flagged(noInlineUserPolicy, { aws_iam_user_policy_attachment: { a: { user: "bob", policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } } })).toEqual(["aws_iam_user_policy_attachment.a"]);
    const attachments = { aws_iam_policy_attachment: { users: { name: "u", users: ["bob"], policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, roles: { name: "r", roles: ["app"], policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } } };
    expect(flagged(noInlineUserPolicy, attachments)).toEqual(["aws_iam_policy_attachment.users"]);
  });

  it("a JSON policy whose values hold references (as cdktf renders tokens) is read, not reported as unknown", () => {
    const scoped = doc({ Effect: "Allow", Action: ["sqs:ReceiveMessage"], Resource: ref("aws_sqs_queue.q", "arn") });
    const broad = doc({ Effect: "Allow", Action: "sqs:*", Resource: "*" }, { Effect: "Allow", Action: "s3:GetObject", Resource: `${ref("aws_s3_bucket.b", "arn")}/*` });
    expect(findingsOf(noServiceWildcard, { aws_iam_role_policy: { scoped: { role: "r", policy: scoped }, broad: { role: "r", policy: broad } } }).map((f) => [f.resource, f.severity])).toEqual([["aws_iam_role_policy.broad", "error"]]);
  });

  it("Unknown: a policy document that cannot be read is reported at info by the IAM rules", () => {
    const unread = { aws_iam_role: { r: { assume_role_policy: '${file("trust.json")}', inline_policy: [{ name: "x", policy: '${file("x.json")}' }] } } };
    for (const rule of [noAdminPolicy, noServiceWildcard, roleTrustNotPublic]) expect(findingsOf(rule, unread).map((f) => f.severity)).toEqual(["info"]);
  });
});

describe("ENV-NET-005 judged with its load balancer", () => {
  const forward = { port: 80, protocol: "HTTP", default_action: [{ type: "forward", target_group_arn: ref("aws_lb_target_group.app", "arn") }] };

  it("in front of an internet-facing load balancer it is an error in every tier, naming the load balancer", () => {
    const [finding] = findingsOf(listenerTls, { aws_lb: { web: { name: "web" } }, aws_lb_listener: { l: { load_balancer_arn: ref("aws_lb.web", "arn"), ...forward } } }, { tier: "dev" });
    expect(finding).toMatchObject({ severity: "error", message: "an HTTP listener forwards traffic in the clear; its default action must redirect to HTTPS, in front of the internet-facing load balancer aws_lb.web" });
  });

  it("behind an internal load balancer it is a warning below staging and an error in prod", () => {
    const resources = { aws_lb: { app: { name: "app", internal: true } }, aws_lb_listener: { l: { load_balancer_arn: ref("aws_lb.app", "arn"), ...forward } } };
    expect(findingsOf(listenerTls, resources, { tier: "dev" })[0]).toMatchObject({ severity: "warning", message: expect.stringContaining("(behind the internal load balancer aws_lb.app)") });
    expect(findingsOf(listenerTls, resources)[0].severity).toBe("error");
  });
});

describe("Secrets heuristics: user data, environments and variable defaults, never echoing the value", () => {
  const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  const TOKEN = "q8Xz3LmN7vR2tY9wK4pB6sD1fG5hJ0aC";
  const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";

  it("Lambda environment: an access key id, a private key, a random token, a URL with a password, a credential variable", () => {
    const variables = { BOOT_KEY: KEY_ID, TLS_PEM: PEM, UPSTREAM: TOKEN, DATABASE_URL: "postgres://app:hunter2@db:5432/app", AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", REGION: "eu-west-1" };
    const [finding] = findingsOf(noSecretsInLambdaEnvironment, { aws_lambda_function: { f: { function_name: "f", role: "arn:aws:iam::1:role/r", environment: [{ variables }] } } });
    expect(finding.message.split("; ")).toEqual([
      "environment variable BOOT_KEY holds an AWS access key id (AKIA…)",
      "environment variable TLS_PEM holds a private key",
      "environment variable UPSTREAM holds a high-entropy token",
      "environment variable DATABASE_URL holds a URL with a password",
      "environment variable AWS_SECRET_ACCESS_KEY has a literal value",
    ]);
    for (const secret of [KEY_ID, TOKEN, "hunter2", "MIIEow", "wJalrXUt"]) expect(finding.message).not.toContain(secret);
  });

  it("ECS container definitions (JSON and jsonencode), CodeBuild plain-text variables; secrets taken from a store pass", () => {
    const containers = JSON.stringify([{ name: "app", image: "app:1", environment: [{ name: "DB_PASSWORD", value: "s3cr3t-pass" }, { name: "LOG_LEVEL", value: "info" }], secrets: [{ name: "API_TOKEN", valueFrom: "arn:aws:secretsmanager:eu-west-1:1:secret:t" }] }]);
    expect(findingsOf(noSecretsInContainerEnvironment, { aws_ecs_task_definition: { t: { family: "app", container_definitions: containers } } })[0].message).toBe("environment variable DB_PASSWORD has a literal value");
    const encoded = `\${jsonencode([{"name" = "app", "image" = "app:1", "environment" = [{"name" = "UPSTREAM", "value" = "${TOKEN}"}]}])}`;
    expect(flagged(noSecretsInContainerEnvironment, { aws_ecs_task_definition: { t: { family: "app", container_definitions: encoded } } })).toEqual(["aws_ecs_task_definition.t"]);
    const project = (type?: string) => ({ aws_codebuild_project: { b: { name: "b", service_role: "arn:aws:iam::1:role/cb", artifacts: [{ type: "NO_ARTIFACTS" }], source: [{ type: "NO_SOURCE", buildspec: "version: 0.2" }], environment: [{ compute_type: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/standard:7.0", type: "LINUX_CONTAINER", environment_variable: [{ name: "NPM_TOKEN", value: type ? "/ci/npm-token" : "npm_abc123", ...(type ? { type } : {}) }] }] } } });
    expect(flagged(noSecretsInContainerEnvironment, project())).toEqual(["aws_codebuild_project.b"]);
    expect(flagged(noSecretsInContainerEnvironment, project("PARAMETER_STORE"))).toEqual([]);
  });

  it("Unknown: container definitions from templatefile are reported at info", () => {
    expect(findingsOf(noSecretsInContainerEnvironment, { aws_ecs_task_definition: { t: { family: "app", container_definitions: '${templatefile("containers.json", {})}' } } })[0].severity).toBe("info");
  });

  it("user data: a bearer token inside a script, also in a launch configuration; a script with only hashes and paths passes", () => {
    const script = `#!/bin/bash\ncurl -H "Authorization: Bearer ${TOKEN}" https://api.example.com/register\n`;
    expect(findingsOf(noSecretsInUserData, { aws_launch_configuration: { lc: { image_id: "ami-1", instance_type: "t3.micro", user_data: script } } })[0].message).toBe("user_data contains a high-entropy token");
    const harmless = "#!/bin/bash\necho 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 /opt/app/releases/app-2024-01-01.tar.gz | sha256sum -c\n";
    expect(flagged(noSecretsInUserData, { aws_instance: { i: { ami: "ami-1", instance_type: "t3.micro", user_data: harmless } } })).toEqual([]);
  });

  it("variable defaults: a private key in a default is caught whatever the variable is called", () => {
    expect(findingsOf(noSecretVariableDefaults, {}, { variable: { bootstrap_material: { default: PEM } } })[0].message).toBe("the default of variable bootstrap_material contains a private key");
  });
});
