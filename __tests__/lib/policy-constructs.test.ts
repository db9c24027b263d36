import { TerraformStack, Testing } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { findingsOf } from "../../stacks/synth/testing";

/**
 * Rules over typed cdktf constructs: the provider classes write single blocks
 * as objects and lists as arrays, unlike hand-written Terraform JSON. GIVEN a
 * prod stack with one resource, WHEN its policies run, THEN the rule fires or not.
 */
const NOW = () => new Date("2026-11-26T12:00:00Z");
const TAGS = { environment: "prod", tier: "prod", owner: "sre", "cost-centre": "cc-1", "managed-by": "cdktf-envkit", lifecycle: "persistent" };

function prodStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "env-prod");
  new AwsProvider(stack, "aws", { region: "eu-west-1", defaultTags: [{ tags: TAGS }] });
  return stack;
}

function ruleIds(stack: TerraformStack, address: string): string[] {
  return findingsOf(stack, { clock: NOW })
    .filter((f) => f.resource === address && f.severity !== "info")
    .map((f) => f.ruleId)
    .sort();
}

describe("policies over typed cdktf constructs", () => {
  it("Compliance: a bucket encrypted and versioned by the separate resources", () => {
    const stack = prodStack();
    const bucket = new S3Bucket(stack, "b", { bucket: "b" });
    new S3BucketServerSideEncryptionConfigurationA(stack, "enc", { bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] });
    new S3BucketVersioningA(stack, "ver", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    const ids = ruleIds(stack, "aws_s3_bucket.b");
    expect(ids).not.toContain("ENV-ENC-001");
    expect(ids).not.toContain("ENV-VER-001");
  });

  it("Noncompliance: SSH open to the world in an inline security group rule", () => {
    const stack = prodStack();
    new SecurityGroup(stack, "sg", { ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }] });
    expect(ruleIds(stack, "aws_security_group.sg")).toContain("ENV-NET-001");
  });

  it("Noncompliance: PostgreSQL open to the world in a separate ingress rule", () => {
    const stack = prodStack();
    new VpcSecurityGroupIngressRule(stack, "pg", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "0.0.0.0/0" });
    expect(ruleIds(stack, "aws_vpc_security_group_ingress_rule.pg").length).toBeGreaterThan(0);
  });

  it("Noncompliance: a public, unencrypted database without deletion protection, IAM authentication, log exports, Enhanced Monitoring or alarms", () => {
    const stack = prodStack();
    new DbInstance(stack, "db", { instanceClass: "db.t4g.micro", engine: "postgres", publiclyAccessible: true, backupRetentionPeriod: 35 });
    expect(ruleIds(stack, "aws_db_instance.db")).toEqual(["ENV-DEL-001", "ENV-ENC-004", "ENV-IAM-004", "ENV-LOG-004", "ENV-LOG-007", "ENV-LOG-009", "ENV-PUB-005"]);
  });

  it("Noncompliance and compliance: IMDSv2 on an instance and a launch template (single blocks as objects)", () => {
    const stack = prodStack();
    new Instance(stack, "vm", { ami: "ami-1", instanceType: "t3.micro", metadataOptions: { httpTokens: "optional" } });
    new LaunchTemplate(stack, "lt", { metadataOptions: { httpTokens: "required" } });
    expect(ruleIds(stack, "aws_instance.vm")).toContain("ENV-IMDS-001");
    expect(ruleIds(stack, "aws_launch_template.lt")).not.toContain("ENV-IMDS-001");
  });

  it("Noncompliance: a KMS key without rotation and a log group without a key", () => {
    const stack = prodStack();
    new KmsKey(stack, "k", { enableKeyRotation: false });
    new CloudwatchLogGroup(stack, "logs", { name: "/x", retentionInDays: 365 });
    expect(ruleIds(stack, "aws_kms_key.k")).toContain("ENV-KMS-001");
    expect(ruleIds(stack, "aws_cloudwatch_log_group.logs")).toContain("ENV-ENC-012");
  });

  it("Noncompliance: an admin policy written with aws_iam_policy_document is resolved and caught", () => {
    const stack = prodStack();
    const doc = new DataAwsIamPolicyDocument(stack, "admin", { statement: [{ actions: ["*"], resources: ["*"] }] });
    new IamPolicy(stack, "p", { name: "admin", policy: doc.json });
    expect(ruleIds(stack, "aws_iam_policy.p")).toContain("ENV-IAM-001");
  });

  it("Noncompliance: a privileged Kubernetes container with an unpinned image", () => {
    const stack = prodStack();
    new DeploymentV1(stack, "app", {
      metadata: { name: "app", namespace: "env-prod" },
      spec: {
        selector: { matchLabels: { app: "app" } },
        template: { metadata: { labels: { app: "app" } }, spec: { container: [{ name: "app", image: "nginx:latest", securityContext: { privileged: true } }] } },
      },
    });
    const ids = ruleIds(stack, "kubernetes_deployment_v1.app");
    expect(ids).toContain("ENV-K8S-001");
    expect(ids.length).toBeGreaterThanOrEqual(4);
  });
});
