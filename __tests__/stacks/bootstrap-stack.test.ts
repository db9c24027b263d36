import { Testing } from "cdktf";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { Template } from "../helpers/template";

describe("BootstrapStack", () => {
  const template = Template.fromStack(
    new BootstrapStack(Testing.app(), { stateBucketName: "acme-terraform-state", region: "eu-west-1", account: "999999999999", owner: "platform-team", costCentre: "cc-1001" }),
  );

  it("creates an encrypted, versioned, private state bucket that survives terraform destroy", () => {
    const bucket = template.only("aws_s3_bucket");
    expect(bucket).toMatchObject({ bucket: "acme-terraform-state", force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(template.only("aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(template.only("aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
    expect(template.only("aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
  });

  it("keeps a year of old state versions", () => {
    const rules = template.only("aws_s3_bucket_lifecycle_configuration").rule;
    expect(rules.find((r: { id: string }) => r.id === "expire-noncurrent-versions").noncurrent_version_expiration).toEqual([{ noncurrent_days: 365 }]);
  });

  it("guards the account and tags its resources", () => {
    expect(template.awsProvider.allowed_account_ids).toEqual(["999999999999"]);
    expect(template.awsProvider.default_tags[0].tags).toMatchObject({ owner: "platform-team", "managed-by": "cdktf-envkit", lifecycle: "persistent" });
  });

  it("encrypts with a rotating key that CloudWatch Logs is not granted", () => {
    expect(template.only("aws_kms_key")).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(template.dataSources("aws_iam_policy_document").find((d) => d.name.includes("state-key"))!.attributes.statement).toHaveLength(1);
  });
});
