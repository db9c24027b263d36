/**
 * The rules on the Terraform JSON of the AWS provider 5 and 6: a stack says
 * which it requires, and the rules judge by that provider's defaults and
 * arguments (docs/cdktn.md lists what changed).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { majorOfConstraint } from "../../policies/aws-provider";
import { evaluate, loadPlan, loadTerraformJson, type Rule } from "../../policies/engine";
import { definePolicy } from "../../policies/packs";
import { redshiftEncrypted } from "../../policies/rules/encryption/redshift-encrypted";
import { elasticacheAtRest } from "../../policies/rules/encryption/elasticache-at-rest";
import { instanceBlockDevicesEncrypted } from "../../policies/rules/encryption/instance-block-devices-encrypted";
import { instanceNoPublicIp } from "../../policies/rules/public-exposure/instance-no-public-ip";
import { resourceInEnvironmentRegion } from "../../policies/rules/isolation/resource-in-environment-region";
import { redshiftNotPublic } from "../../policies/rules/public-exposure/redshift-not-public";
import { compliantTags, NOW, type Resources } from "./helpers";

/** A configuration as a cdktf or cdktn app writes it, requiring the AWS provider `version`. */
function configuration(resources: Resources, version?: string, region = "eu-west-1") {
  return {
    ...(version ? { terraform: { required_providers: { aws: { source: "hashicorp/aws", version } } } } : {}),
    provider: {
      aws: [
        { region, default_tags: [{ tags: compliantTags("prod") }] },
        { alias: "global", region: "us-east-1" },
      ],
    },
    resource: resources,
  };
}

const findings = (rule: Rule, json: unknown) => evaluate([rule], [loadTerraformJson(json, { stackName: "env-prod", tier: "prod", now: NOW })], { now: NOW }).findings.map((f) => `${f.resource} ${f.severity}: ${f.message}`);

describe("the AWS provider a stack requires", () => {
  it.each([
    ["5.100.0", 5],
    ["6.66.0", 6],
    ["= 6.1.0", 6],
    ["~> 6.0", 6],
    ["~> 5.100.0", 5],
    [">= 6.0, < 7.0", 6],
    [">= 6.2.0, < 7", 6],
    [">= 5.1, <= 5.9", 5],
    ["<= 5.9", undefined],
    [">= 5.0", undefined],
    [">= 5.0, < 7.0", undefined],
    ["~> 6", undefined],
    ["${var.aws_version}", undefined],
    ["", undefined],
  ] as const)("reads %j as major %j", (constraint, major) => {
    expect(majorOfConstraint(constraint)).toBe(major);
  });

  it("comes from required_providers and the unaliased provider block of a configuration", () => {
    const stack = loadTerraformJson(configuration({}, "6.66.0"), { stackName: "env-prod", tier: "prod", now: NOW });
    expect(stack.awsProvider).toEqual({ major: 6, region: "eu-west-1" });
    const legacy = loadTerraformJson({ ...configuration({}), terraform: [{ required_providers: [{ aws: "~> 5.0" }] }] }, { stackName: "env-prod", tier: "prod", now: NOW });
    expect(legacy.awsProvider).toEqual({ major: 5, region: "eu-west-1" });
    expect(loadTerraformJson(configuration({}, undefined, "${var.region}"), { stackName: "env-prod", tier: "prod", now: NOW }).awsProvider).toEqual({});
  });

  it("comes from the provider configuration of a plan made by real Terraform", () => {
    const plan = JSON.parse(readFileSync(join(__dirname, "fixtures", "real-plan", "plan.json"), "utf8"));
    const stack = loadPlan(plan, { stackName: "env-dev", now: NOW });
    expect(stack.awsProvider).toEqual({ major: 5, region: "eu-west-1" });
    // The provider 5 bucket's computed region is the provider's: nothing to report.
    expect(evaluate(definePolicy(), [stack], { now: NOW }).findings.filter((f) => f.ruleId === resourceInEnvironmentRegion.id)).toEqual([]);
  });
});

describe("defaults the AWS provider 6 changed", () => {
  const warehouse = { aws_redshift_cluster: { w: { cluster_identifier: "warehouse", node_type: "ra3.xlplus" } } };

  it("a Redshift cluster that leaves encrypted and publicly_accessible unset is encrypted and private on provider 6, not on 5 or an unknown provider", () => {
    expect(findings(redshiftEncrypted, configuration(warehouse, "6.66.0"))).toEqual([]);
    expect(findings(redshiftNotPublic, configuration(warehouse, "~> 6.0"))).toEqual([]);
    for (const version of ["5.100.0", undefined]) {
      expect(findings(redshiftEncrypted, configuration(warehouse, version))).toEqual(["aws_redshift_cluster.w error: encrypted is not set (the provider default is false): the warehouse and its snapshots are stored in the clear"]);
      expect(findings(redshiftNotPublic, configuration(warehouse, version))[0]).toMatch(/^aws_redshift_cluster\.w error: publicly_accessible is not set \(the AWS provider 5 default is true; pin provider 6/);
    }
    // Said explicitly, a value is judged the same on both.
    const open = { aws_redshift_cluster: { w: { ...warehouse.aws_redshift_cluster.w, encrypted: false, publicly_accessible: true } } };
    expect(findings(redshiftEncrypted, configuration(open, "6.66.0"))).toHaveLength(1);
    expect(findings(redshiftNotPublic, configuration(open, "6.66.0"))).toHaveLength(1);
  });

  it('reads the flags provider 6 types as strings, where "" is unset', () => {
    const group = (value: unknown) => ({ aws_elasticache_replication_group: { r: { replication_group_id: "cache", description: "cache", at_rest_encryption_enabled: value } } });
    expect(findings(elasticacheAtRest, configuration(group("true"), "6.66.0"))).toEqual([]);
    expect(findings(elasticacheAtRest, configuration(group("false"), "6.66.0"))).toHaveLength(1);
    expect(findings(elasticacheAtRest, configuration(group(""), "6.66.0"))).toEqual(findings(elasticacheAtRest, configuration(group(undefined), "6.66.0")));
    const template = (encrypted: unknown, publicIp: unknown) => ({
      aws_launch_template: { t: { name: "web", block_device_mappings: [{ device_name: "/dev/xvda", ebs: [{ encrypted }] }], network_interfaces: [{ associate_public_ip_address: publicIp }] } },
    });
    expect(findings(instanceBlockDevicesEncrypted, configuration(template("true", "false"), "6.66.0"))).toEqual([]);
    expect(findings(instanceNoPublicIp, configuration(template("true", "false"), "6.66.0"))).toEqual([]);
    expect(findings(instanceBlockDevicesEncrypted, configuration(template("", ""), "6.66.0"))).toHaveLength(1);
    expect(findings(instanceNoPublicIp, configuration(template("true", "true"), "6.66.0"))).toHaveLength(1);
  });
});

describe("ENV-ISO-001 the AWS provider 6's per-resource region", () => {
  const bucket = (region?: unknown) => ({ aws_s3_bucket: { data: { bucket: "acme-prod-data", ...(region === undefined ? {} : { region }) } } });

  it("Noncompliance: a resource in another region than its environment's", () => {
    expect(findings(resourceInEnvironmentRegion, configuration(bucket("us-east-1"), "6.66.0"))).toEqual([
      "aws_s3_bucket.data error: region is us-east-1, outside the environment's region eu-west-1: the resource's data and traffic leave the environment's region, its network, keys and alarms",
    ]);
    // A warning below staging, like every security control.
    const dev = evaluate([resourceInEnvironmentRegion], [loadTerraformJson(configuration(bucket("us-east-1"), "6.66.0"), { stackName: "env-dev", tier: "dev", now: NOW })], { now: NOW }).findings;
    expect(dev.map((f) => f.severity)).toEqual(["warning"]);
  });

  it("Compliance: the environment's region, or none (the provider's)", () => {
    expect(findings(resourceInEnvironmentRegion, configuration(bucket("eu-west-1"), "6.66.0"))).toEqual([]);
    expect(findings(resourceInEnvironmentRegion, configuration(bucket(), "6.66.0"))).toEqual([]);
  });

  it("reports a region it cannot read, and leaves alone what it cannot judge", () => {
    const unknown = { ...configuration(bucket("${var.where}"), "6.66.0"), variable: { where: { type: "string" } } };
    expect(findings(resourceInEnvironmentRegion, unknown)).toEqual(['aws_s3_bucket.data info: region is "${var.where}", which could not be resolved to a region; set it to a literal so the policy can verify it']);
    // The environment's own region is not a literal: nothing to compare with.
    expect(findings(resourceInEnvironmentRegion, configuration(bucket("us-east-1"), "6.66.0", "${var.region}"))).toEqual([]);
    // Before provider 6 these types' region named something else (the region authorized), which provider 6 keeps, deprecated.
    const authorization = { aws_config_aggregate_authorization: { a: { account_id: "123456789012", region: "us-west-2" } } };
    expect(findings(resourceInEnvironmentRegion, configuration(authorization, "6.66.0"))).toEqual([]);
  });

  it("judges a plan's values: a planned region beside the provider's", () => {
    const plan = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      configuration: { provider_config: { aws: { name: "aws", full_name: "registry.terraform.io/hashicorp/aws", version_constraint: "6.66.0", expressions: { region: { constant_value: "eu-west-1" } } } }, root_module: {} },
      planned_values: {
        root_module: {
          resources: [
            { address: "aws_s3_bucket.home", mode: "managed", type: "aws_s3_bucket", name: "home", values: { bucket: "home", region: "eu-west-1", tags_all: compliantTags("prod") } },
            { address: "aws_s3_bucket.away", mode: "managed", type: "aws_s3_bucket", name: "away", values: { bucket: "away", region: "ap-south-1", tags_all: compliantTags("prod") } },
          ],
        },
      },
      resource_changes: [],
    };
    const stack = loadPlan(plan, { stackName: "env-prod", now: NOW });
    expect(evaluate([resourceInEnvironmentRegion], [stack], { now: NOW }).findings.map((f) => f.resource)).toEqual(["aws_s3_bucket.away"]);
  });
});
