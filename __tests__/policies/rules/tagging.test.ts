import { lifecycleTagValue, requiredTags } from "../../../policies/rules";
import { compliantTags, findingsOf, flagged } from "../helpers";

const bucket = { aws_s3_bucket: { data: { bucket: "data" } } };

describe("ENV-TAG-001 required tags", () => {
  it("Noncompliance 1: fails when default tags lack owner and the resource does not add it", () => {
    const { owner: _owner, ...tags } = compliantTags("prod");
    const [finding] = findingsOf(requiredTags, bucket, { defaultTags: tags });
    expect(finding.resource).toBe("aws_s3_bucket.data");
    expect(finding.message).toContain("owner");
    expect(finding.severity).toBe("error");
  });

  it("Noncompliance 2: fails when a required tag is an empty string on the resource", () => {
    const resources = { aws_s3_bucket: { data: { bucket: "data", tags: { "cost-centre": " " } } } };
    expect(findingsOf(requiredTags, resources)[0].message).toContain("cost-centre");
  });

  it("Noncompliance 3: fails for taggable resources without any tags attribute (e.g. aws_kms_key)", () => {
    expect(flagged(requiredTags, { aws_kms_key: { key: {} } }, { defaultTags: {} })).toEqual(["aws_kms_key.key"]);
  });

  it("Compliance: passes when default tags supply every required tag", () => {
    expect(flagged(requiredTags, bucket)).toEqual([]);
  });

  it("Compliance: resource tags complete the default tags", () => {
    const { owner: _owner, ...tags } = compliantTags("prod");
    const resources = { aws_s3_bucket: { data: { bucket: "data", tags: { owner: "data-team" } } } };
    expect(flagged(requiredTags, resources, { defaultTags: tags })).toEqual([]);
  });

  it("Compliance: non-taggable sub-resources and Kubernetes resources are not checked", () => {
    const resources = { aws_s3_bucket_versioning: { v: { bucket: "data" } }, kubernetes_namespace_v1: { ns: { metadata: [{ name: "a" }] } } };
    expect(flagged(requiredTags, resources, { defaultTags: {} })).toEqual([]);
  });
});

describe("ENV-TAG-002 lifecycle tag value", () => {
  it("Noncompliance 1: rejects a lifecycle tag other than ephemeral or persistent", () => {
    const finding = findingsOf(lifecycleTagValue, bucket, { defaultTags: { ...compliantTags("prod"), lifecycle: "temporary" } })[0];
    expect(finding.message).toContain('"temporary"');
  });

  it("Noncompliance 2: reports an unresolved reference as a lifecycle value", () => {
    const finding = findingsOf(lifecycleTagValue, bucket, { defaultTags: { ...compliantTags("prod"), lifecycle: "${var.lifecycle}" } })[0];
    expect(finding.message).toContain("could not be resolved");
  });

  it.each(["ephemeral", "persistent"])("Compliance: accepts %s", (value) => {
    expect(flagged(lifecycleTagValue, bucket, { defaultTags: { ...compliantTags("prod"), lifecycle: value } })).toEqual([]);
  });
});
