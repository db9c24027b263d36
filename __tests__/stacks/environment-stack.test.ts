import { TIER_PROFILES, type Tier } from "../../lib/core/tiers";
import { specFor, stackFor } from "../helpers/fixtures";
import { Template } from "../helpers/template";

const TIERS: Tier[] = ["preview", "dev", "test", "staging", "prod"];
const KMS_ARN = /^\$\{aws_kms_key\.[A-Za-z0-9_]+\.arn\}$/;

function synth(tier: Tier, changes = {}): Template {
  return Template.fromStack(stackFor(specFor(tier, changes)));
}

describe("EnvironmentStack: identity and isolation", () => {
  it.each(TIERS)("%s: is named env-<name>", (tier) => {
    expect(stackFor(specFor(tier)).node.id).toBe(`env-${tier}`);
  });

  it.each(TIERS)("%s: pins the provider to the environment's region and account", (tier) => {
    const provider = synth(tier).awsProvider;
    expect(provider.region).toBe("eu-west-1");
    expect(provider.allowed_account_ids).toEqual([specFor(tier).account]);
  });

  it("sets no account guard when the spec names no account (dev may omit it)", () => {
    const template = synth("dev", { account: undefined });
    expect(template.awsProvider.allowed_account_ids).toBeUndefined();
    expect(template.dataSources("aws_caller_identity")).toHaveLength(1);
  });

  it.each(TIERS)("%s: makes no AWS API call at plan time when the account is known", (tier) => {
    const dataTypes = Object.keys(synth(tier).json.data ?? {});
    expect(dataTypes.sort()).toEqual(["aws_iam_policy_document", "aws_partition"]);
  });

  it.each(TIERS)("%s: tags every resource through default_tags", (tier) => {
    const tags = synth(tier).awsProvider.default_tags[0].tags;
    expect(tags).toMatchObject({ environment: tier, tier, owner: "platform-team", "cost-centre": "cc-1001", "managed-by": "cdktf-envkit" });
    expect(tags.lifecycle).toBe(tier === "preview" ? "ephemeral" : "persistent");
    if (tier === "preview") expect(tags["expires-at"]).toBe("2026-11-22T09:00:00Z");
    else expect(tags).not.toHaveProperty("expires-at");
  });

  it.each(TIERS)("%s: keeps its own local state file by default", (tier) => {
    expect(synth(tier).json.terraform.backend).toEqual({ local: { path: `../../../terraform-state/env-${tier}.tfstate` } });
  });

  it("uses an S3 backend with encryption, native locking and a per-environment key", () => {
    const backend = synth("prod", { backend: { type: "s3", bucket: "acme-tf-state", keyPrefix: "platform" } }).json.terraform.backend;
    expect(backend).toEqual({
      s3: { bucket: "acme-tf-state", key: "platform/prod/terraform.tfstate", region: "eu-west-1", encrypt: true, use_lockfile: true },
    });
  });

  it("uses an HCP Terraform workspace per environment", () => {
    const json = synth("staging", { backend: { type: "hcp", organization: "acme" } }).json;
    expect(json.terraform.cloud).toEqual({ hostname: "app.terraform.io", organization: "acme", workspaces: { name: "env-staging" } });
    expect(json.terraform.backend).toBeUndefined();
  });
});

describe("EnvironmentStack: sizing by tier", () => {
  it.each(TIERS)("%s: sizes the database from the tier profile", (tier) => {
    const db = synth(tier).only("aws_db_instance");
    const sizing = TIER_PROFILES[tier].sizing;
    expect(db.instance_class).toBe(sizing.dbInstanceClass);
    expect(db.allocated_storage).toBe(sizing.dbAllocatedStorageGiB);
    expect(db.max_allocated_storage).toBe(sizing.dbMaxAllocatedStorageGiB);
    expect(db.multi_az).toBe(sizing.dbMultiAz);
  });

  it.each(TIERS)("%s: spans the tier's zones with a public and a private subnet each", (tier) => {
    const subnets = synth(tier).resources("aws_subnet").map((s) => s.attributes);
    const zones = TIER_PROFILES[tier].sizing.availabilityZones;
    expect(subnets.filter((s) => s.tags["subnet-tier"] === "public")).toHaveLength(zones);
    expect(subnets.filter((s) => s.tags["subnet-tier"] === "private")).toHaveLength(zones);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  it.each([
    ["dev", 1],
    ["test", 1],
    ["preview", 1],
    ["staging", 3],
    ["prod", 3],
  ] as [Tier, number][])("%s: runs %d NAT gateway(s)", (tier, count) => {
    expect(synth(tier).resources("aws_nat_gateway")).toHaveLength(count);
  });

  it("gives prod more of everything than dev", () => {
    const dev = synth("dev");
    const prod = synth("prod");
    expect(prod.only("aws_db_instance").backup_retention_period).toBeGreaterThan(dev.only("aws_db_instance").backup_retention_period);
    expect(prod.only("aws_db_instance").max_allocated_storage).toBeGreaterThan(dev.only("aws_db_instance").max_allocated_storage);
    expect(prod.resources("aws_subnet").length).toBeGreaterThan(dev.resources("aws_subnet").length);
  });

  it("applies a sizing override", () => {
    expect(synth("dev", { overrides: { sizing: { dbInstanceClass: "db.t4g.large" } } }).only("aws_db_instance").instance_class).toBe("db.t4g.large");
  });
});

describe("EnvironmentStack: encryption everywhere", () => {
  it.each(TIERS)("%s: rotates a customer-managed key", (tier) => {
    const key = synth(tier).only("aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(TIER_PROFILES[tier].lifecycle.kmsDeletionWindowDays);
  });

  it.each(TIERS)("%s: encrypts the database, its managed password and every log group with the key", (tier) => {
    const template = synth(tier);
    const db = template.only("aws_db_instance");
    expect(db.storage_encrypted).toBe(true);
    expect(db.kms_key_id).toMatch(KMS_ARN);
    expect(db.manage_master_user_password).toBe(true);
    expect(db.master_user_secret_kms_key_id).toMatch(KMS_ARN);
    const groups = template.resources("aws_cloudwatch_log_group");
    expect(groups.length).toBeGreaterThanOrEqual(4);
    for (const group of groups) expect(group.attributes.kms_key_id).toMatch(KMS_ARN);
  });

  it.each(TIERS)("%s: encrypts the data bucket with the key and the access-log bucket with S3-managed keys", (tier) => {
    const rules = synth(tier).resources("aws_s3_bucket_server_side_encryption_configuration").map((r) => r.attributes.rule[0].apply_server_side_encryption_by_default);
    expect(rules.map((r) => r.sse_algorithm).sort()).toEqual(["AES256", "aws:kms"]);
    expect(rules.find((r) => r.sse_algorithm === "aws:kms").kms_master_key_id).toMatch(KMS_ARN);
  });

  it.each(TIERS)("%s: stores config parameters as SecureString with the key", (tier) => {
    const parameters = synth(tier).resources("aws_ssm_parameter").map((p) => p.attributes);
    expect(parameters.length).toBeGreaterThan(0);
    for (const p of parameters) {
      expect(p.type).toBe("SecureString");
      expect(p.key_id).toMatch(KMS_ARN);
      expect(p.name).toMatch(new RegExp(`^/acme/${tier}/`));
    }
  });
});

describe("EnvironmentStack: locked down", () => {
  it.each(TIERS)("%s: keeps the database private, TLS-only and IAM-authenticated", (tier) => {
    const template = synth(tier);
    const db = template.only("aws_db_instance");
    expect(db.publicly_accessible).toBe(false);
    expect(db.iam_database_authentication_enabled).toBe(true);
    expect(template.only("aws_db_parameter_group").parameter).toContainEqual({ name: "rds.force_ssl", value: "1" });
    const ingress = template.resources("aws_vpc_security_group_ingress_rule").map((r) => r.attributes);
    expect(ingress).toEqual([expect.objectContaining({ cidr_ipv4: specFor(tier).cidr, from_port: 5432, to_port: 5432, ip_protocol: "tcp" })]);
  });

  it.each(TIERS)("%s: blocks public access, enforces ownership and versions every bucket", (tier) => {
    const template = synth(tier);
    const buckets = template.resources("aws_s3_bucket");
    expect(buckets).toHaveLength(2);
    for (const block of template.resources("aws_s3_bucket_public_access_block")) {
      expect(block.attributes).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    }
    expect(template.resources("aws_s3_bucket_public_access_block")).toHaveLength(2);
    expect(template.resources("aws_s3_bucket_versioning").map((v) => v.attributes.versioning_configuration.status)).toEqual(["Enabled", "Enabled"]);
    expect(template.resources("aws_s3_bucket_ownership_controls").map((o) => o.attributes.rule.object_ownership)).toEqual(["BucketOwnerEnforced", "BucketOwnerEnforced"]);
  });

  it.each(TIERS)("%s: denies non-TLS requests in every bucket policy", (tier) => {
    const documents = synth(tier).dataSources("aws_iam_policy_document").filter((d) => d.name.includes("policy-document") || d.name.includes("policy_document"));
    expect(documents).toHaveLength(2);
    for (const doc of documents) {
      expect(doc.attributes.statement).toContainEqual(
        expect.objectContaining({ effect: "Deny", condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] }),
      );
    }
  });

  it.each(TIERS)("%s: sends data bucket access logs to the access-log bucket", (tier) => {
    const logging = synth(tier).only("aws_s3_bucket_logging");
    expect(logging.target_bucket).toMatch(/access-logs/);
    expect(logging.target_prefix).toBe(`acme-${tier}-data/`);
  });

  it.each(TIERS)("%s: records all VPC traffic and empties the default security group", (tier) => {
    const template = synth(tier);
    expect(template.only("aws_flow_log")).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
    expect(template.only("aws_default_security_group")).toMatchObject({ ingress: [], egress: [] });
  });

  it("honours an explicit weakening below prod, and records it in the stack's metadata", () => {
    const template = synth("dev", { overrides: { security: { vpcFlowLogs: false, dbIamAuth: false } } });
    expect(template.resources("aws_flow_log")).toHaveLength(0);
    expect(template.only("aws_db_instance").iam_database_authentication_enabled).toBe(false);
    expect(template.json["//"].envkit.weakenedControls).toEqual([
      { field: "security.dbIamAuth", value: false, baseline: "dbIamAuth on" },
      { field: "security.vpcFlowLogs", value: false, baseline: "vpcFlowLogs on" },
    ]);
  });
});

describe("EnvironmentStack: lifecycle by tier", () => {
  it.each(TIERS)("%s: retains backups and logs as the tier says", (tier) => {
    const template = synth(tier);
    const lifecycle = TIER_PROFILES[tier].lifecycle;
    expect(template.only("aws_db_instance").backup_retention_period).toBe(lifecycle.backupRetentionDays);
    for (const group of template.resources("aws_cloudwatch_log_group")) expect(group.attributes.retention_in_days).toBe(lifecycle.logRetentionDays);
  });

  it.each(["staging", "prod"] as Tier[])("%s: protects data from deletion and from terraform destroy", (tier) => {
    const template = synth(tier);
    const db = template.only("aws_db_instance");
    expect(db.deletion_protection).toBe(true);
    expect(db.skip_final_snapshot).toBe(false);
    expect(db.final_snapshot_identifier).toBe(`acme-${tier}-final`);
    expect(db.lifecycle).toEqual({ prevent_destroy: true });
    expect(template.only("aws_kms_key").lifecycle).toEqual({ prevent_destroy: true });
    for (const bucket of template.resources("aws_s3_bucket")) {
      expect(bucket.attributes.lifecycle).toEqual({ prevent_destroy: true });
      expect(bucket.attributes.force_destroy).toBe(false);
    }
  });

  it.each(["dev", "test", "preview"] as Tier[])("%s: lets the environment be destroyed without a final snapshot", (tier) => {
    const db = synth(tier).only("aws_db_instance");
    expect(db.deletion_protection).toBe(false);
    expect(db.skip_final_snapshot).toBe(true);
    expect(db.lifecycle).toBeUndefined();
  });

  it("lets an ephemeral environment's buckets be emptied on destroy", () => {
    for (const bucket of synth("preview").resources("aws_s3_bucket")) expect(bucket.attributes.force_destroy).toBe(true);
  });
});
