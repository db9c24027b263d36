import { TIERS } from "../../../lib/core/profile";
import { ebsEncryptionByDefault } from "../../../policies/rules/encryption/ebs-encryption-by-default";
import { instanceBlockDevicesEncrypted } from "../../../policies/rules/encryption/instance-block-devices-encrypted";
import { kinesisEncrypted } from "../../../policies/rules/encryption/kinesis-encrypted";
import { lambdaEnvironmentKms } from "../../../policies/rules/encryption/lambda-environment-kms";
import { mskAtRestKms } from "../../../policies/rules/encryption/msk-at-rest-kms";
import { mskInTransit } from "../../../policies/rules/encryption/msk-in-transit";
import { s3ObjectKms } from "../../../policies/rules/encryption/s3-object-kms";
import { imdsv2Required } from "../../../policies/rules/instance-metadata/imdsv2-required";
import { lambdaFailureDestination } from "../../../policies/rules/logging/lambda-failure-destination";
import { lambdaTracing } from "../../../policies/rules/logging/lambda-tracing";
import { mskBrokerLogs } from "../../../policies/rules/logging/msk-broker-logs";
import { eksNodeGroupSshRestricted } from "../../../policies/rules/network-ingress/eks-node-group-ssh";
import { mskNotPublic } from "../../../policies/rules/network-ingress/msk-not-public";
import { instanceNoPublicIp } from "../../../policies/rules/public-exposure/instance-no-public-ip";
import { lambdaFunctionUrlAuth } from "../../../policies/rules/public-exposure/lambda-function-url-auth";
import { lambdaPermissionNotPublic } from "../../../policies/rules/public-exposure/lambda-permission-not-public";
import { s3ObjectAclNotPublic } from "../../../policies/rules/public-exposure/s3-object-acl-not-public";
import { ecrScanOnPush } from "../../../policies/rules/versioning/ecr-scan-on-push";
import { findingsOf, flagged, ref } from "../helpers";

type Attributes = Record<string, unknown>;

/** Variables without a default: values only the caller of the configuration knows (a default would be judged as the value). */
const FLAG = { flag: { type: "bool" } };
const TEXT = { text: { type: "string" } };
const ROLE = "arn:aws:iam::111111111111:role/app";

const fn = (attributes: Attributes = {}, name = "f") => ({ [name]: { function_name: name, role: ROLE, handler: "index.handler", runtime: "nodejs20.x", ...attributes } });
const permission = (attributes: Attributes) => ({ action: "lambda:InvokeFunction", function_name: ref("aws_lambda_function.f", "function_name"), ...attributes });
const msk = (attributes: Attributes = {}) => ({
  aws_msk_cluster: {
    m: { cluster_name: "events", kafka_version: "3.6.0", number_of_broker_nodes: 3, broker_node_group_info: [{ instance_type: "kafka.m5.large", client_subnets: ["subnet-1", "subnet-2", "subnet-3"], security_groups: ["sg-1"] }], ...attributes },
  },
});

describe("ENV-NET-006 EKS node group SSH", () => {
  const group = (attributes: Attributes) => ({
    aws_eks_node_group: { g: { cluster_name: "c", node_group_name: "g", node_role_arn: ROLE, subnet_ids: ["subnet-1"], scaling_config: [{ desired_size: 1, max_size: 1, min_size: 1 }], ...attributes } },
  });

  it("Noncompliance: an SSH key without source security groups (none, or an empty list) opens SSH to the internet", () => {
    expect(findingsOf(eksNodeGroupSshRestricted, group({ remote_access: [{ ec2_ssh_key: "ops" }] }))[0].message).toBe(
      "remote_access sets ec2_ssh_key without source_security_group_ids: EKS opens SSH (22) on every node to 0.0.0.0/0",
    );
    expect(flagged(eksNodeGroupSshRestricted, group({ remote_access: [{ ec2_ssh_key: ref("aws_key_pair.ops", "key_name"), source_security_group_ids: [] }] }))).toEqual(["aws_eks_node_group.g"]);
  });

  it("Compliance: no remote access; SSH only from a bastion security group", () => {
    expect(flagged(eksNodeGroupSshRestricted, group({}))).toEqual([]);
    expect(flagged(eksNodeGroupSshRestricted, group({ remote_access: [{ ec2_ssh_key: "ops", source_security_group_ids: [ref("aws_security_group.bastion")] }] }))).toEqual([]);
  });

  it("Unknown: source security groups from a variable are reported at info", () => {
    const [finding] = findingsOf(eksNodeGroupSshRestricted, group({ remote_access: [{ ec2_ssh_key: "ops", source_security_group_ids: "${var.sgs}" }] }), { variable: { sgs: { type: "list(string)" } } });
    expect(finding).toMatchObject({ severity: "info", message: expect.stringContaining("could not be resolved") });
  });

  it.each(TIERS)("is an error in %s: internet ingress is never tier-dependent", (tier) => {
    expect(findingsOf(eksNodeGroupSshRestricted, group({ remote_access: [{ ec2_ssh_key: "ops" }] }), { tier })[0].severity).toBe("error");
  });
});

describe("ENV-ENC-027 EBS encryption by default", () => {
  it("Noncompliance: enabled = false (boolean or string)", () => {
    expect(findingsOf(ebsEncryptionByDefault, { aws_ebs_encryption_by_default: { d: { enabled: false } } })[0].message).toBe(
      "enabled is false: new EBS volumes and snapshot copies in this region are created unencrypted unless each one asks for encryption",
    );
    expect(flagged(ebsEncryptionByDefault, { aws_ebs_encryption_by_default: { d: { enabled: "false" } } })).toEqual(["aws_ebs_encryption_by_default.d"]);
  });

  it("Compliance: enabled = true, or unset (the provider default is true)", () => {
    expect(flagged(ebsEncryptionByDefault, { aws_ebs_encryption_by_default: { on: { enabled: true }, unset: {} } })).toEqual([]);
  });

  it("Unknown: a value from a variable is reported at info", () => {
    expect(findingsOf(ebsEncryptionByDefault, { aws_ebs_encryption_by_default: { d: { enabled: "${var.flag}" } } }, { variable: FLAG })[0].severity).toBe("info");
  });

  it("warns below staging", () => {
    expect(findingsOf(ebsEncryptionByDefault, { aws_ebs_encryption_by_default: { d: { enabled: false } } }, { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("EC2 launch configurations: ENV-ENC-016 block devices, ENV-IMDS-001 IMDSv2, ENV-PUB-007 public IP", () => {
  const config = (attributes: Attributes) => ({ aws_launch_configuration: { lc: { image_id: "ami-1", instance_type: "t3.micro", ...attributes } } });

  it("Noncompliance: no root device declared, an unencrypted extra device, IMDSv1, a public IP", () => {
    expect(findingsOf(instanceBlockDevicesEncrypted, config({}))[0].message).toMatch(/^root_block_device is not declared/);
    expect(findingsOf(instanceBlockDevicesEncrypted, config({ root_block_device: [{ encrypted: true }], ebs_block_device: [{ device_name: "/dev/sdf" }] }))[0].message).toBe(
      "ebs_block_device[0] is not encrypted: the data on it and its snapshots is stored in the clear",
    );
    expect(findingsOf(imdsv2Required, config({ metadata_options: [{ http_tokens: "optional" }] }))[0].message).toBe('metadata_options.http_tokens is "optional"; allowed: "required"');
    expect(findingsOf(instanceNoPublicIp, config({ associate_public_ip_address: true }))[0].message).toBe("associate_public_ip_address is true: the instances it launches are directly reachable from the internet");
  });

  it("Compliance: encrypted devices, IMDSv2 required, no public IP", () => {
    const compliant = config({ root_block_device: [{ encrypted: true }], ebs_block_device: [{ device_name: "/dev/sdf", encrypted: "true" }], metadata_options: [{ http_tokens: "required" }], associate_public_ip_address: false });
    for (const rule of [instanceBlockDevicesEncrypted, imdsv2Required, instanceNoPublicIp]) expect(flagged(rule, compliant)).toEqual([]);
  });

  it("Unknown: values from variables are reported at info by all three", () => {
    const unknown = config({ root_block_device: [{ encrypted: "${var.flag}" }], metadata_options: [{ http_tokens: "${var.text}" }], associate_public_ip_address: "${var.flag}" });
    for (const rule of [instanceBlockDevicesEncrypted, imdsv2Required, instanceNoPublicIp]) {
      expect(findingsOf(rule, unknown, { variable: { ...FLAG, ...TEXT } })[0]).toMatchObject({ severity: "info", message: expect.stringContaining("could not be resolved") });
    }
  });
});

describe("ENV-PUB-007 launch template network interfaces", () => {
  it("Noncompliance: a network interface that associates a public IP (the provider writes it as a string)", () => {
    const template = { aws_launch_template: { t: { image_id: "ami-1", network_interfaces: [{ associate_public_ip_address: "false" }, { associate_public_ip_address: "true" }] } } };
    expect(findingsOf(instanceNoPublicIp, template)[0]).toMatchObject({ severity: "error", message: "network_interfaces[1].associate_public_ip_address is true: the instances it launches are directly reachable from the internet" });
  });

  it("Compliance: no network interfaces, or none with a public IP", () => {
    expect(flagged(instanceNoPublicIp, { aws_launch_template: { bare: { image_id: "ami-1" }, t: { image_id: "ami-1", network_interfaces: [{ associate_public_ip_address: "false" }] } } })).toEqual([]);
  });

  it("Unknown: a value from a variable is reported at info", () => {
    expect(findingsOf(instanceNoPublicIp, { aws_launch_template: { t: { network_interfaces: [{ associate_public_ip_address: "${var.text}" }] } } }, { variable: TEXT })[0].severity).toBe("info");
  });
});

describe("ENV-LOG-013 Lambda X-Ray tracing", () => {
  it("Noncompliance: not set (PassThrough), or PassThrough written out", () => {
    expect(findingsOf(lambdaTracing, { aws_lambda_function: fn() })[0].message).toBe(
      "tracing_config.mode is not set (the provider default is PassThrough): the function starts no X-Ray traces of its own, so a slow or failing request cannot be followed through it",
    );
    expect(flagged(lambdaTracing, { aws_lambda_function: fn({ tracing_config: [{ mode: "PassThrough" }] }) })).toEqual(["aws_lambda_function.f"]);
  });

  it("Compliance: Active", () => {
    expect(flagged(lambdaTracing, { aws_lambda_function: fn({ tracing_config: [{ mode: "Active" }] }) })).toEqual([]);
  });

  it("Unknown: a mode from a variable is reported at info", () => {
    expect(findingsOf(lambdaTracing, { aws_lambda_function: fn({ tracing_config: [{ mode: "${var.text}" }] }) }, { variable: TEXT })[0].severity).toBe("info");
  });

  it("is advice: an error in prod, a warning in staging, info in test, off in dev", () => {
    const resources = { aws_lambda_function: fn() };
    expect(findingsOf(lambdaTracing, resources, { tier: "staging" })[0].severity).toBe("warning");
    expect(findingsOf(lambdaTracing, resources, { tier: "test" })[0].severity).toBe("info");
    expect(flagged(lambdaTracing, resources, { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-ENC-028 Lambda environment variables under a customer-managed key", () => {
  it("Noncompliance: variables without kms_key_arn", () => {
    expect(findingsOf(lambdaEnvironmentKms, { aws_lambda_function: fn({ environment: [{ variables: { STAGE: "prod", TABLE: "orders" } }] }) })[0].message).toBe(
      "environment sets 2 variables and kms_key_arn is not set: they are encrypted with the AWS-managed aws/lambda key, so anyone allowed to read the function's configuration reads them in the clear",
    );
  });

  it("Compliance: the environment key by reference; no environment, or an empty one (not applicable)", () => {
    const resources = {
      aws_lambda_function: {
        ...fn({ environment: [{ variables: { STAGE: "prod" } }], kms_key_arn: ref("aws_kms_key.env", "arn") }),
        ...fn({}, "plain"),
        ...fn({ environment: [{ variables: {} }] }, "empty"),
      },
    };
    expect(flagged(lambdaEnvironmentKms, resources)).toEqual([]);
  });

  it("Unknown: variables from a variable, without a key, are reported at info", () => {
    const [finding] = findingsOf(lambdaEnvironmentKms, { aws_lambda_function: fn({ environment: [{ variables: "${var.env}" }] }) }, { variable: { env: { type: "map(string)" } } });
    expect(finding).toMatchObject({ severity: "info", message: expect.stringContaining("could not be resolved") });
  });

  it("warns below staging", () => {
    expect(findingsOf(lambdaEnvironmentKms, { aws_lambda_function: fn({ environment: [{ variables: { STAGE: "dev" } }] }) }, { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("ENV-LOG-014 Lambda dead-letter queue or on-failure destination", () => {
  it("Noncompliance: a function with no known trigger, and one that S3 invokes asynchronously", () => {
    expect(findingsOf(lambdaFailureDestination, { aws_lambda_function: fn() })[0].message).toBe(
      "neither dead_letter_config.target_arn nor an aws_lambda_function_event_invoke_config with destination_config.on_failure is set: events of asynchronous invocations that still fail after two retries are dropped without a trace",
    );
    const s3 = { aws_lambda_function: fn(), aws_lambda_permission: { s3: permission({ principal: "s3.amazonaws.com", source_arn: ref("aws_s3_bucket.uploads", "arn") }) } };
    expect(flagged(lambdaFailureDestination, s3)).toEqual(["aws_lambda_function.f"]);
  });

  it("Compliance: a dead-letter queue; an on-failure destination by reference or by name", () => {
    const onFailure = [{ on_failure: [{ destination: ref("aws_sqs_queue.failed", "arn") }] }];
    const resources = {
      aws_lambda_function: { ...fn({ dead_letter_config: [{ target_arn: ref("aws_sqs_queue.dlq", "arn") }] }, "dlq"), ...fn({}, "byref"), ...fn({}, "byname") },
      aws_lambda_function_event_invoke_config: {
        r: { function_name: ref("aws_lambda_function.byref", "function_name"), destination_config: onFailure },
        n: { function_name: "byname", destination_config: onFailure },
      },
    };
    expect(flagged(lambdaFailureDestination, resources)).toEqual([]);
  });

  it("Compliance: not applicable to functions invoked only synchronously or by polling (API Gateway, an SQS event source mapping)", () => {
    const resources = {
      aws_lambda_function: { ...fn(), ...fn({}, "worker") },
      aws_lambda_permission: { api: permission({ principal: "apigateway.amazonaws.com", source_arn: `${ref("aws_api_gateway_rest_api.api", "execution_arn")}/*/*` }) },
      aws_lambda_event_source_mapping: { q: { event_source_arn: ref("aws_sqs_queue.jobs", "arn"), function_name: ref("aws_lambda_function.worker", "arn") } },
    };
    expect(findingsOf(lambdaFailureDestination, resources)).toEqual([]);
  });

  it("Unknown: an on-failure destination for a function named by a variable is reported at info", () => {
    const resources = {
      aws_lambda_function: fn(),
      aws_lambda_function_event_invoke_config: { v: { function_name: "${var.text}", destination_config: [{ on_failure: [{ destination: ref("aws_sqs_queue.failed", "arn") }] }] } },
    };
    expect(findingsOf(lambdaFailureDestination, resources, { variable: TEXT })[0]).toMatchObject({ severity: "info", message: expect.stringContaining("could not be resolved") });
  });

  it("is advice: off in dev", () => {
    expect(flagged(lambdaFailureDestination, { aws_lambda_function: fn() }, { tier: "dev" })).toEqual([]);
  });
});

describe("ENV-PUB-011 Lambda permissions", () => {
  it('Noncompliance: principal "*" unscoped; a service principal without source_arn or source_account', () => {
    expect(findingsOf(lambdaPermissionNotPublic, { aws_lambda_permission: { p: permission({ principal: "*" }) } })[0].message).toBe(
      'principal is "*" and neither source_account, principal_org_id nor source_arn narrows it: any AWS account (and, through a function URL, anyone on the internet) can invoke the function',
    );
    expect(findingsOf(lambdaPermissionNotPublic, { aws_lambda_permission: { p: permission({ principal: "sns.amazonaws.com" }) } })[0].message).toBe(
      "principal is the service sns.amazonaws.com with neither source_arn nor source_account: a sns.amazonaws.com resource in any AWS account can invoke the function",
    );
  });

  it("Compliance: scoped service principals, a scoped wildcard, an account or role principal", () => {
    const resources = {
      aws_lambda_permission: {
        sns: permission({ principal: "sns.amazonaws.com", source_arn: ref("aws_sns_topic.t", "arn") }),
        s3: permission({ principal: "s3.amazonaws.com", source_arn: ref("aws_s3_bucket.b", "arn"), source_account: "111111111111" }),
        org: permission({ principal: "*", principal_org_id: "o-abc123" }),
        account: permission({ principal: "111111111111" }),
        role: permission({ principal: ROLE }),
      },
    };
    expect(flagged(lambdaPermissionNotPublic, resources)).toEqual([]);
  });

  it("Unknown: a principal from a variable is reported at info", () => {
    expect(findingsOf(lambdaPermissionNotPublic, { aws_lambda_permission: { p: permission({ principal: "${var.text}" }) } }, { variable: TEXT })[0].severity).toBe("info");
  });

  it.each(TIERS)("is an error in %s", (tier) => {
    expect(findingsOf(lambdaPermissionNotPublic, { aws_lambda_permission: { p: permission({ principal: "*" }) } }, { tier })[0].severity).toBe("error");
  });
});

describe("ENV-PUB-012 Lambda function URLs", () => {
  const url = (authorization_type: unknown) => ({ aws_lambda_function_url: { u: { function_name: ref("aws_lambda_function.f", "function_name"), authorization_type } } });

  it('Noncompliance: authorization_type = "NONE", an error in every tier', () => {
    expect(findingsOf(lambdaFunctionUrlAuth, url("NONE"))[0].message).toBe('authorization_type is "NONE": the function URL is a public HTTPS endpoint that anyone on the internet can call without signing the request');
    expect(findingsOf(lambdaFunctionUrlAuth, url("NONE"), { tier: "dev" })[0].severity).toBe("error");
  });

  it("Compliance: AWS_IAM", () => {
    expect(flagged(lambdaFunctionUrlAuth, url("AWS_IAM"))).toEqual([]);
  });

  it("Unknown: a type from a variable is reported at info", () => {
    expect(findingsOf(lambdaFunctionUrlAuth, url("${var.text}"), { variable: TEXT })[0].severity).toBe("info");
  });
});

describe("ENV-ENC-029 Kinesis data streams and Firehose delivery streams encrypted", () => {
  const stream = (attributes: Attributes) => ({ aws_kinesis_stream: { s: { name: "events", shard_count: 1, ...attributes } } });
  const delivery = (attributes: Attributes) => ({
    aws_kinesis_firehose_delivery_stream: { d: { name: "events", destination: "extended_s3", extended_s3_configuration: [{ role_arn: ROLE, bucket_arn: ref("aws_s3_bucket.b", "arn") }], ...attributes } },
  });

  it("Noncompliance: a stream with the provider default (NONE), KMS without a key; a Direct PUT delivery stream without SSE", () => {
    expect(findingsOf(kinesisEncrypted, stream({}))[0].message).toBe("encryption_type is not set (the provider default is NONE): records are stored unencrypted for the whole retention period");
    expect(findingsOf(kinesisEncrypted, stream({ encryption_type: "KMS" }))[0].message).toMatch(/^encryption_type is "KMS" but kms_key_id is not set/);
    expect(findingsOf(kinesisEncrypted, delivery({}))[0].message).toBe("server_side_encryption.enabled is not set (the provider default is false): records buffered by the delivery stream are stored unencrypted");
    expect(flagged(kinesisEncrypted, delivery({ server_side_encryption: [{ enabled: false }] }))).toEqual(["aws_kinesis_firehose_delivery_stream.d"]);
  });

  it("Compliance: the environment key or the Kinesis-owned alias; SSE with a customer key; a delivery stream fed by a Kinesis stream (not applicable)", () => {
    expect(flagged(kinesisEncrypted, stream({ encryption_type: "KMS", kms_key_id: ref("aws_kms_key.k", "arn") }))).toEqual([]);
    expect(flagged(kinesisEncrypted, stream({ encryption_type: "KMS", kms_key_id: "alias/aws/kinesis" }))).toEqual([]);
    expect(flagged(kinesisEncrypted, delivery({ server_side_encryption: [{ enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: ref("aws_kms_key.k", "arn") }] }))).toEqual([]);
    expect(findingsOf(kinesisEncrypted, delivery({ kinesis_source_configuration: [{ kinesis_stream_arn: ref("aws_kinesis_stream.s", "arn"), role_arn: ROLE }] }))).toEqual([]);
  });

  it("Unknown: values from variables are reported at info", () => {
    expect(findingsOf(kinesisEncrypted, stream({ encryption_type: "${var.text}" }), { variable: TEXT })[0].severity).toBe("info");
    expect(findingsOf(kinesisEncrypted, delivery({ server_side_encryption: [{ enabled: "${var.flag}" }] }), { variable: FLAG })[0].severity).toBe("info");
  });

  it("warns below staging", () => {
    expect(findingsOf(kinesisEncrypted, stream({}), { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("MSK: ENV-ENC-030 in transit, ENV-ENC-031 customer key at rest, ENV-LOG-015 broker logs, ENV-NET-007 public access", () => {
  it("Noncompliance: plaintext to clients and among brokers", () => {
    const plaintext = msk({ encryption_info: [{ encryption_in_transit: [{ client_broker: "TLS_PLAINTEXT", in_cluster: false }] }] });
    expect(findingsOf(mskInTransit, plaintext)[0].message).toBe(
      'encryption_info.encryption_in_transit.client_broker is "TLS_PLAINTEXT": clients can produce and consume records in plaintext; encryption_info.encryption_in_transit.in_cluster is false: brokers replicate records to each other in plaintext',
    );
    expect(flagged(mskInTransit, msk({ encryption_info: [{ encryption_in_transit: [{ client_broker: "PLAINTEXT" }] }] }))).toEqual(["aws_msk_cluster.m"]);
  });

  it("Noncompliance: the AWS-managed key, no broker logs, public brokers", () => {
    expect(findingsOf(mskAtRestKms, msk())[0].message).toBe(
      "encryption_info.encryption_at_rest_kms_key_arn is not set: broker storage is encrypted with the AWS-managed aws/kafka key, which the environment's key policy neither controls nor audits",
    );
    expect(findingsOf(mskBrokerLogs, msk())[0].message).toBe(
      "logging_info.broker_logs enables none of cloudwatch_logs, firehose or s3: broker errors, client connections and authentication failures are not recorded",
    );
    expect(flagged(mskBrokerLogs, msk({ logging_info: [{ broker_logs: [{ cloudwatch_logs: [{ enabled: false }] }] }] }))).toEqual(["aws_msk_cluster.m"]);
    const open = msk({ broker_node_group_info: [{ instance_type: "kafka.m5.large", client_subnets: ["subnet-1"], security_groups: ["sg-1"], connectivity_info: [{ public_access: [{ type: "SERVICE_PROVIDED_EIPS" }] }] }] });
    expect(findingsOf(mskNotPublic, open)[0].message).toBe('broker_node_group_info.connectivity_info.public_access.type is "SERVICE_PROVIDED_EIPS": every broker gets a public IP address and is reachable from the internet');
  });

  it("Compliance: the provider defaults for transit and public access; TLS written out, the environment key, logs to S3, public access DISABLED", () => {
    expect(flagged(mskInTransit, msk())).toEqual([]);
    expect(flagged(mskNotPublic, msk())).toEqual([]);
    const compliant = msk({
      broker_node_group_info: [{ instance_type: "kafka.m5.large", client_subnets: ["subnet-1"], security_groups: ["sg-1"], connectivity_info: [{ public_access: [{ type: "DISABLED" }] }] }],
      encryption_info: [{ encryption_at_rest_kms_key_arn: ref("aws_kms_key.k", "arn"), encryption_in_transit: [{ client_broker: "TLS", in_cluster: true }] }],
      logging_info: [{ broker_logs: [{ cloudwatch_logs: [{ enabled: false }], s3: [{ enabled: true, bucket: ref("aws_s3_bucket.logs") }] }] }],
    });
    for (const rule of [mskInTransit, mskAtRestKms, mskBrokerLogs, mskNotPublic]) expect(flagged(rule, compliant)).toEqual([]);
  });

  it("Unknown: values from variables are reported at info (a key from a variable counts as set)", () => {
    const variable = { ...FLAG, ...TEXT };
    expect(findingsOf(mskInTransit, msk({ encryption_info: [{ encryption_in_transit: [{ client_broker: "${var.text}" }] }] }), { variable })[0].severity).toBe("info");
    expect(findingsOf(mskBrokerLogs, msk({ logging_info: [{ broker_logs: [{ firehose: [{ enabled: "${var.flag}", delivery_stream: "logs" }] }] }] }), { variable })[0].severity).toBe("info");
    const pub = msk({ broker_node_group_info: [{ instance_type: "kafka.m5.large", client_subnets: ["subnet-1"], security_groups: ["sg-1"], connectivity_info: [{ public_access: [{ type: "${var.text}" }] }] }] });
    expect(findingsOf(mskNotPublic, pub, { variable })[0].severity).toBe("info");
    expect(flagged(mskAtRestKms, msk({ encryption_info: [{ encryption_at_rest_kms_key_arn: "${var.text}" }] }), { variable })).toEqual([]);
  });

  it("tiers: public brokers are an error everywhere, logs run in staging and prod only, encryption warns below staging", () => {
    const open = msk({ broker_node_group_info: [{ instance_type: "kafka.m5.large", client_subnets: ["subnet-1"], security_groups: ["sg-1"], connectivity_info: [{ public_access: [{ type: "SERVICE_PROVIDED_EIPS" }] }] }] });
    expect(findingsOf(mskNotPublic, open, { tier: "dev" })[0].severity).toBe("error");
    expect(flagged(mskBrokerLogs, msk(), { tier: "dev" })).toEqual([]);
    expect(findingsOf(mskAtRestKms, msk(), { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("ENV-VER-004 ECR scan on push", () => {
  const repo = (attributes: Attributes = {}, name = "app-web") => ({ aws_ecr_repository: { r: { name, ...attributes } } });
  const registry = (frequency: unknown, filter: unknown) => ({
    aws_ecr_registry_scanning_configuration: { s: { scan_type: "ENHANCED", rule: [{ scan_frequency: frequency, repository_filter: [{ filter, filter_type: "WILDCARD" }] }] } },
  });

  it("Noncompliance: the default (no scanning), scan_on_push = false, registry rules that do not cover the repository", () => {
    expect(findingsOf(ecrScanOnPush, repo())[0].message).toBe(
      "image_scanning_configuration.scan_on_push is not set (the provider default is false) and no aws_ecr_registry_scanning_configuration rule scans this repository on push: images with known vulnerabilities are stored and deployed unnoticed",
    );
    expect(flagged(ecrScanOnPush, repo({ image_scanning_configuration: [{ scan_on_push: false }] }))).toEqual(["aws_ecr_repository.r"]);
    expect(flagged(ecrScanOnPush, { ...repo(), ...registry("SCAN_ON_PUSH", "batch-*") })).toEqual(["aws_ecr_repository.r"]);
    expect(flagged(ecrScanOnPush, { ...repo(), ...registry("MANUAL", "*") })).toEqual(["aws_ecr_repository.r"]);
  });

  it("Compliance: scan_on_push; a registry rule for every repository, or for a matching prefix", () => {
    expect(flagged(ecrScanOnPush, repo({ image_scanning_configuration: [{ scan_on_push: true }] }))).toEqual([]);
    expect(flagged(ecrScanOnPush, { ...repo(), ...registry("CONTINUOUS_SCAN", "*") })).toEqual([]);
    expect(flagged(ecrScanOnPush, { ...repo(), ...registry("SCAN_ON_PUSH", "app-*") })).toEqual([]);
  });

  it("Unknown: scan_on_push or a registry filter from a variable is reported at info", () => {
    expect(findingsOf(ecrScanOnPush, repo({ image_scanning_configuration: [{ scan_on_push: "${var.flag}" }] }), { variable: FLAG })[0].severity).toBe("info");
    expect(findingsOf(ecrScanOnPush, { ...repo(), ...registry("SCAN_ON_PUSH", "${var.text}") }, { variable: TEXT })[0]).toMatchObject({ severity: "info", message: expect.stringContaining("could not be resolved") });
  });

  it("warns below staging", () => {
    expect(findingsOf(ecrScanOnPush, repo(), { tier: "dev" })[0].severity).toBe("warning");
  });
});

describe("S3 objects: ENV-ENC-032 KMS, ENV-PUB-013 no public ACL", () => {
  const object = (attributes: Attributes, type = "aws_s3_object") => ({ [type]: { o: { bucket: ref("aws_s3_bucket.b"), key: "config.json", content: "{}", ...attributes } } });
  const bucketDefault = (algorithm: string, bucket: unknown = ref("aws_s3_bucket.b")) => ({
    aws_s3_bucket_server_side_encryption_configuration: { e: { bucket, rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: algorithm }] }] } },
  });

  it("Noncompliance: no setting and no KMS default for the bucket; SSE-S3 written out; a bucket defaulting to AES256", () => {
    expect(findingsOf(s3ObjectKms, { ...object({}), aws_s3_bucket: { b: { bucket: "acme-config" } } })[0].message).toBe(
      "server_side_encryption is not set and the stack gives the bucket no default encryption with aws:kms: the object is stored with S3-managed keys (SSE-S3), outside the environment key's access control and audit",
    );
    expect(flagged(s3ObjectKms, object({ server_side_encryption: "AES256" }, "aws_s3_bucket_object"))).toEqual(["aws_s3_bucket_object.o"]);
    expect(findingsOf(s3ObjectKms, { ...object({}), aws_s3_bucket: { b: { bucket: "acme-config" } }, ...bucketDefault("AES256") })[0].message).toMatch(/^server_side_encryption is not set and the bucket's default encryption is AES256:/);
  });

  it("Compliance: the environment key, aws:kms, or a bucket defaulting to SSE-KMS (by reference, or by literal names)", () => {
    expect(flagged(s3ObjectKms, object({ kms_key_id: ref("aws_kms_key.k", "arn") }))).toEqual([]);
    expect(flagged(s3ObjectKms, object({ server_side_encryption: "aws:kms" }, "aws_s3_bucket_object"))).toEqual([]);
    expect(flagged(s3ObjectKms, { ...object({}), aws_s3_bucket: { b: { bucket: "acme-config" } }, ...bucketDefault("aws:kms") })).toEqual([]);
    expect(flagged(s3ObjectKms, { ...object({ bucket: "acme-config" }), ...bucketDefault("aws:kms", "acme-config") })).toEqual([]);
  });

  it("Noncompliance: a public canned ACL, an error in every tier", () => {
    expect(findingsOf(s3ObjectAclNotPublic, object({ acl: "public-read" }))[0].message).toMatch(/^acl is "public-read", which grants access to everyone on the internet/);
    expect(findingsOf(s3ObjectAclNotPublic, object({ acl: "public-read-write" }, "aws_s3_bucket_object"), { tier: "dev" })[0].severity).toBe("error");
  });

  it("Compliance: private, or no ACL", () => {
    expect(flagged(s3ObjectAclNotPublic, object({ acl: "private" }))).toEqual([]);
    expect(flagged(s3ObjectAclNotPublic, object({}))).toEqual([]);
  });

  it("Unknown: values from variables are reported at info", () => {
    expect(findingsOf(s3ObjectKms, object({ server_side_encryption: "${var.text}" }), { variable: TEXT })[0].severity).toBe("info");
    expect(findingsOf(s3ObjectAclNotPublic, object({ acl: "${var.text}" }), { variable: TEXT })[0].severity).toBe("info");
  });

  it("encryption warns below staging", () => {
    expect(findingsOf(s3ObjectKms, object({ server_side_encryption: "AES256" }), { tier: "dev" })[0].severity).toBe("warning");
  });
});
