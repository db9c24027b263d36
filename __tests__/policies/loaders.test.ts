import { detectFormat, evaluate, loadPlan, loadTerraform, loadTerraformJson, PolicyInputError, UNKNOWN_AFTER_APPLY } from "../../policies/engine";
import { noAdminPolicy, s3BucketEncrypted, s3BucketVersioning } from "../../policies/rules";
import { NOW } from "./helpers";

const options = { stackName: "env-dev", now: NOW };

/** A cdktf-style configuration with two aws provider blocks (one aliased) and a data source. */
const configuration = {
  "//": { metadata: { version: "0.21.0", stackName: "env-dev" } },
  terraform: { required_providers: { aws: { source: "aws", version: "6.0.0" } } },
  provider: {
    aws: [
      { region: "eu-west-1", default_tags: [{ tags: { environment: "dev", tier: "dev", owner: "team-a" } }] },
      { alias: "us", region: "us-east-1", default_tags: [{ tags: { "cost-centre": "cc-1" } }] },
    ],
  },
  data: { aws_caller_identity: { me: {} } },
  variable: { db_password: { type: "string", default: "x", sensitive: true } },
  resource: {
    aws_s3_bucket: {
      data_1A2B: { bucket: "data", tags: { owner: "team-b" }, "//": { metadata: { path: "env-dev/data/Resource", uniqueId: "data_1A2B" } } },
    },
    aws_s3_bucket_versioning: {
      v: { bucket: "${aws_s3_bucket.data_1A2B.id}", versioning_configuration: [{ status: "Enabled" }] },
    },
  },
};

describe("loadTerraformJson", () => {
  const stack = loadTerraformJson(configuration, options);

  it("merges default tags of every aws provider block (array form)", () => {
    expect(stack.defaultTags).toEqual({ environment: "dev", tier: "dev", owner: "team-a", "cost-centre": "cc-1" });
  });

  it("reads default_tags given as an object and a provider given as an object", () => {
    const json = { provider: { aws: { default_tags: { tags: { owner: "x" } } } }, resource: {} };
    expect(loadTerraformJson(json, options).defaultTags).toEqual({ owner: "x" });
  });

  it("indexes resources by type with addresses and construct paths, without cdktf metadata in attributes", () => {
    const [bucket] = stack.resourcesOfType("aws_s3_bucket");
    expect(bucket.address).toBe("aws_s3_bucket.data_1A2B");
    expect(bucket.constructPath).toBe("env-dev/data/Resource");
    expect(bucket.attributes).not.toHaveProperty("//");
    expect(stack.resources).toHaveLength(2);
  });

  it("keeps data sources apart from resources", () => {
    expect(stack.dataSources.map((d) => d.address)).toEqual(["data.aws_caller_identity.me"]);
    expect(stack.resourcesOfType("aws_caller_identity")).toEqual([]);
  });

  it("reads variables, exposed to rules as var.<name>", () => {
    expect(stack.variables).toEqual([{ name: "db_password", default: "x", sensitive: true }]);
    expect(stack.resourcesOfType("variable").map((v) => v.address)).toEqual(["var.db_password"]);
  });

  it("merges effective tags with the resource's own tags winning", () => {
    expect(stack.effectiveTags(stack.resourcesOfType("aws_s3_bucket")[0])).toMatchObject({ owner: "team-b", environment: "dev" });
  });

  it("resolves the tier from an explicit option, else the tier tag, else prod", () => {
    expect(loadTerraformJson(configuration, { ...options, tier: "staging" }).tier).toBe("staging");
    expect(stack.tier).toBe("dev");
    expect(loadTerraformJson({ resource: {} }, options).tier).toBe("prod");
  });

  it("rejects a tier tag that names no tier, naming the file and the allowed tiers", () => {
    const json = { provider: { aws: [{ default_tags: [{ tags: { tier: "qa" } }] }] } };
    expect(() => loadTerraformJson(json, { ...options, file: "cdktf.out/stacks/env-dev/cdk.tf.json" })).toThrow(
      /cdktf\.out\/stacks\/env-dev\/cdk\.tf\.json: .*"qa".*preview, dev, test, staging, prod/,
    );
  });
});

describe("StackModel references", () => {
  const stack = loadTerraformJson(
    {
      resource: {
        aws_s3_bucket: { b: {}, bb: {} },
        aws_s3_bucket_policy: { p: { bucket: "${aws_s3_bucket.bb.id}", policy: "${jsonencode({Resource = [\"${aws_s3_bucket.b.arn}/*\"]})}" } },
        aws_flow_log: { f: { tags: { Name: "x" }, config: [{ nested: ["${aws_s3_bucket.b}"] }] } },
      },
    },
    options,
  );
  const [b, bb] = stack.resourcesOfType("aws_s3_bucket");

  it("finds references to an attribute and to the whole resource, nested in lists and objects", () => {
    expect(stack.refersTo("${aws_s3_bucket.b.id}", b)).toBe(true);
    expect(stack.refersTo({ list: [{ x: "${aws_s3_bucket.b}" }] }, b)).toBe(true);
  });

  it("does not confuse a resource with another whose name it prefixes", () => {
    expect(stack.refersTo("${aws_s3_bucket.bb.id}", b)).toBe(false);
    expect(stack.refersTo("aws_s3_bucket.b.id", b)).toBe(false);
  });

  it("lists referrers of a resource from the lazily built index", () => {
    expect(stack.referrersOf(b).map((r) => r.address).sort()).toEqual(["aws_flow_log.f", "aws_s3_bucket_policy.p"]);
    expect(stack.referrersOf(bb, "aws_s3_bucket_policy").map((r) => r.address)).toEqual(["aws_s3_bucket_policy.p"]);
  });
});

/** A hand-written plan following the documented `terraform show -json` format. */
const plan = {
  format_version: "1.2",
  terraform_version: "1.9.8",
  planned_values: {
    root_module: {
      resources: [
        { address: "aws_s3_bucket.data", mode: "managed", type: "aws_s3_bucket", name: "data", provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 0, values: { bucket: "data", tags: null, tags_all: { environment: "dev", tier: "dev" }, force_destroy: false } },
        { address: "data.aws_iam_policy_document.read", mode: "data", type: "aws_iam_policy_document", name: "read", values: {} },
      ],
      child_modules: [
        {
          address: "module.storage",
          resources: [
            { address: "module.storage.aws_s3_bucket.logs", mode: "managed", type: "aws_s3_bucket", name: "logs", values: { bucket: "logs", tags: { owner: "ops" }, tags_all: { environment: "dev", tier: "dev", owner: "ops" } } },
            {
              address: "module.storage.aws_s3_bucket_server_side_encryption_configuration.logs",
              mode: "managed",
              type: "aws_s3_bucket_server_side_encryption_configuration",
              name: "logs",
              values: { expected_bucket_owner: null, rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms" }], bucket_key_enabled: true }] },
            },
          ],
        },
      ],
    },
  },
  resource_changes: [
    {
      address: "module.storage.aws_s3_bucket_server_side_encryption_configuration.logs",
      change: { actions: ["create"], after: {}, after_unknown: { bucket: true, id: true, rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] } },
    },
    { address: "aws_s3_bucket.data", change: { actions: ["create"], after_unknown: { arn: true, id: true } } },
  ],
  configuration: {
    provider_config: { aws: { name: "aws", full_name: "registry.terraform.io/hashicorp/aws", expressions: { region: { constant_value: "eu-west-1" }, default_tags: [{ tags: { constant_value: { environment: "dev", tier: "dev" } } }] } } },
    root_module: {
      variables: { api_token: { default: "tok-123456" } },
      resources: [{ address: "aws_s3_bucket.data", mode: "managed", type: "aws_s3_bucket", name: "data", expressions: { bucket: { constant_value: "data" } } }],
      module_calls: {
        storage: {
          source: "./storage",
          module: {
            resources: [
              { address: "aws_s3_bucket.logs", mode: "managed", type: "aws_s3_bucket", name: "logs", expressions: { bucket: { constant_value: "logs" } } },
              {
                address: "aws_s3_bucket_server_side_encryption_configuration.logs",
                mode: "managed",
                type: "aws_s3_bucket_server_side_encryption_configuration",
                name: "logs",
                expressions: {
                  bucket: { references: ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"] },
                  rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: { references: ["var.key_arn"] }, sse_algorithm: { constant_value: "aws:kms" } }] }],
                },
              },
            ],
          },
        },
      },
    },
  },
};

describe("loadPlan", () => {
  const stack = loadPlan(plan, { ...options, file: "plan.json" });

  it("reads resources of the root and of child modules, data sources apart", () => {
    expect(stack.resources.map((r) => r.address)).toEqual([
      "aws_s3_bucket.data",
      "module.storage.aws_s3_bucket.logs",
      "module.storage.aws_s3_bucket_server_side_encryption_configuration.logs",
    ]);
    expect(stack.dataSources.map((r) => r.address)).toEqual(["data.aws_iam_policy_document.read"]);
  });

  it("rewrites configuration references to ${...} strings, prefixed with the module path", () => {
    const [config] = stack.resourcesOfType("aws_s3_bucket_server_side_encryption_configuration");
    expect(config.attributes.bucket).toBe("${module.storage.aws_s3_bucket.logs.id}");
    expect(config.name).toBe("logs");
    expect(stack.refersTo(config.attributes.bucket, stack.resourcesOfType("aws_s3_bucket")[1])).toBe(true);
  });

  it("marks values known only after apply as unresolved references", () => {
    const [config] = stack.resourcesOfType("aws_s3_bucket_server_side_encryption_configuration");
    const rule = (config.attributes.rule as Record<string, unknown>[])[0];
    const byDefault = (rule.apply_server_side_encryption_by_default as Record<string, unknown>[])[0];
    expect(byDefault.kms_master_key_id).toBe("${var.key_arn}");
    expect(stack.resourcesOfType("aws_s3_bucket")[0].attributes.id).toBe(UNKNOWN_AFTER_APPLY);
  });

  it("reads default tags from the provider configuration and the tier from them", () => {
    expect(stack.defaultTags).toEqual({ environment: "dev", tier: "dev" });
    expect(stack.tier).toBe("dev");
  });

  it("derives default tags from tags_all minus tags when the provider configuration has none", () => {
    const withoutProvider = { ...plan, configuration: { ...plan.configuration, provider_config: {} } };
    expect(loadPlan(withoutProvider, options).defaultTags).toEqual({ environment: "dev", tier: "dev" });
  });

  it("treats taggability exactly: only resources with tags_all are taggable", () => {
    expect(stack.resources.filter((r) => stack.isTaggable(r)).map((r) => r.name)).toEqual(["data", "logs"]);
  });

  it("reads root module variables", () => {
    expect(stack.variables).toEqual([{ name: "api_token", default: "tok-123456", sensitive: false }]);
  });

  it("lets the same rule reach the same verdict as on configuration JSON", () => {
    const report = evaluate([s3BucketEncrypted, s3BucketVersioning], [stack], { now: NOW });
    expect(report.findings.map((f) => `${f.ruleId} ${f.resource}`)).toEqual([
      "ENV-ENC-001 aws_s3_bucket.data",
      "ENV-VER-001 aws_s3_bucket.data",
      "ENV-VER-001 module.storage.aws_s3_bucket.logs",
    ]);
  });
});

describe("loadPlan with policy documents", () => {
  const doc = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
  const policyPlan = (policyValue: unknown) => ({
    format_version: "1.2",
    planned_values: { root_module: { resources: [{ address: "aws_iam_policy.admin", mode: "managed", type: "aws_iam_policy", name: "admin", values: { name: "admin", ...(policyValue === undefined ? {} : { policy: policyValue }) } }] } },
    prior_state: { values: { root_module: { resources: [{ address: "data.aws_iam_policy_document.admin", mode: "data", type: "aws_iam_policy_document", name: "admin", values: { json: doc } }] } } },
    resource_changes: [{ address: "aws_iam_policy.admin", change: { actions: ["create"], after_unknown: policyValue === undefined ? { policy: true } : {} } }],
    configuration: { root_module: { resources: [{ address: "aws_iam_policy.admin", mode: "managed", type: "aws_iam_policy", name: "admin", expressions: { policy: { references: ["data.aws_iam_policy_document.admin.json", "data.aws_iam_policy_document.admin"] } } }] } },
  });

  it("keeps a known policy rendered from a data source", () => {
    expect(loadPlan(policyPlan(doc), options).resources[0].attributes.policy).toBe(doc);
  });

  it("reads data sources from prior_state and resolves a policy still unknown in the plan", () => {
    const stack = loadPlan(policyPlan(undefined), options);
    expect(stack.resources[0].attributes.policy).toBe("${data.aws_iam_policy_document.admin.json}");
    expect(stack.dataSources.map((d) => d.address)).toEqual(["data.aws_iam_policy_document.admin"]);
    expect(evaluate([noAdminPolicy], [stack], { now: NOW }).findings.map((f) => f.severity)).toEqual(["error"]);
  });
});

describe("detectFormat", () => {
  it("recognizes plans and configuration JSON", () => {
    expect(detectFormat(plan)).toBe("plan");
    expect(detectFormat(configuration)).toBe("configuration");
    expect(loadTerraform(plan, options).source).toBe("plan");
  });

  it.each([[[1, 2]], [{ hello: "world" }], ["text"], [null]])("rejects %j, naming what was found and what is allowed", (json) => {
    expect(() => detectFormat(json, "input.json")).toThrow(PolicyInputError);
    expect(() => detectFormat(json, "input.json")).toThrow(/input\.json: not Terraform JSON\. Found .*; expected either configuration JSON .* or a plan/);
  });
});

describe("tier of Kubernetes stacks", () => {
  it("comes from the namespace's tier label when there are no AWS default tags", () => {
    const json = { provider: { kubernetes: [{ config_path: "~/.kube/config" }] }, resource: { kubernetes_namespace_v1: { ns: { metadata: [{ name: "env-dev", labels: { tier: "dev" } }] } } } };
    expect(loadTerraformJson(json, options).tier).toBe("dev");
  });
});
