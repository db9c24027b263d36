import { TIERS } from "../../../lib/core/profile";
import {
  databaseNotPublic,
  eksEndpointNotPublic,
  instanceNoPublicIp,
  s3BucketAclNotPublic,
  s3BucketInlineAclNotPublic,
  s3BucketPolicyNotPublic,
  s3BucketPublicAccessBlock,
} from "../../../policies/rules";
import { evaluate, loadTerraformJson } from "../../../policies/engine";
import { findingsOf, flagged, NOW, ref } from "../helpers";

const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

describe("ENV-PUB-001 bucket ACL resources", () => {
  it.each(["public-read", "public-read-write", "authenticated-read"])("Noncompliance 1: rejects canned ACL %s", (acl) => {
    expect(flagged(s3BucketAclNotPublic, { aws_s3_bucket_acl: { a: { bucket: ref("aws_s3_bucket.b"), acl } } })).toEqual(["aws_s3_bucket_acl.a"]);
  });

  it("Noncompliance 2: rejects a grant to AllUsers", () => {
    const acp = [{ grant: [{ grantee: [{ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }], permission: "READ" }], owner: [{ id: "x" }] }];
    expect(findingsOf(s3BucketAclNotPublic, { aws_s3_bucket_acl: { a: { access_control_policy: acp } } })[0].message).toContain("AllUsers");
  });

  it("Compliance: private", () => {
    expect(flagged(s3BucketAclNotPublic, { aws_s3_bucket_acl: { a: { acl: "private" } } })).toEqual([]);
  });
});

describe("ENV-PUB-002 inline bucket ACL", () => {
  it("Noncompliance 1: rejects acl = public-read on the bucket", () => {
    expect(flagged(s3BucketInlineAclNotPublic, { aws_s3_bucket: { b: { acl: "public-read" } } })).toEqual(["aws_s3_bucket.b"]);
  });

  it("Compliance: no inline ACL", () => {
    expect(flagged(s3BucketInlineAclNotPublic, { aws_s3_bucket: { b: {} } })).toEqual([]);
  });
});

describe("ENV-PUB-003 bucket policy principal", () => {
  it("Noncompliance 1: rejects Allow to Principal * without a condition", () => {
    const doc = policy({ Sid: "Public", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" });
    expect(findingsOf(s3BucketPolicyNotPublic, { aws_s3_bucket_policy: { p: { bucket: "b", policy: doc } } })[0].message).toContain("Public");
  });

  it('Noncompliance 2: rejects Principal {"AWS": "*"}', () => {
    const doc = policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:*", Resource: "*" });
    expect(flagged(s3BucketPolicyNotPublic, { aws_s3_bucket_policy: { p: { policy: doc } } })).toEqual(["aws_s3_bucket_policy.p"]);
  });

  it("Noncompliance 3: reports a policy reference as unresolved, at info level", () => {
    const [finding] = findingsOf(s3BucketPolicyNotPublic, { aws_s3_bucket_policy: { p: { policy: ref("data.aws_iam_policy_document.d", "json") } } });
    expect(finding.severity).toBe("info");
    expect(finding.message).toContain("could not be resolved");
  });

  it("Noncompliance 4: fails after it resolves an aws_iam_policy_document that allows principal * without a condition", () => {
    const stack = loadTerraformJson(
      {
        data: { aws_iam_policy_document: { d: { statement: [{ sid: "Open", actions: ["s3:GetObject"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }] }] } } },
        resource: { aws_s3_bucket_policy: { p: { bucket: "b", policy: "${data.aws_iam_policy_document.d.json}" } } },
      },
      { stackName: "env-test", tier: "prod", now: NOW },
    );
    expect(evaluate([s3BucketPolicyNotPublic], [stack], { now: NOW }).findings.map((f) => f.message)).toEqual([
      'statement Open allows Principal "*" with no Condition that narrows the caller: anyone on the internet gets the listed actions',
    ]);
  });

  it("Compliance: a Deny on insecure transport with Principal * is fine", () => {
    const doc = policy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    expect(flagged(s3BucketPolicyNotPublic, { aws_s3_bucket_policy: { p: { policy: doc } } })).toEqual([]);
  });

  it("Compliance: Allow * restricted by a condition", () => {
    const doc = policy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } });
    expect(flagged(s3BucketPolicyNotPublic, { aws_s3_bucket_policy: { p: { policy: doc } } })).toEqual([]);
  });
});

describe("ENV-PUB-004 public access block", () => {
  const full = { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };

  it("Noncompliance 1: fails for a bucket without a public access block", () => {
    expect(flagged(s3BucketPublicAccessBlock, { aws_s3_bucket: { b: {} } })).toEqual(["aws_s3_bucket.b"]);
  });

  it("Noncompliance 2: fails when one of the four settings is false", () => {
    const resources = { aws_s3_bucket: { b: {} }, aws_s3_bucket_public_access_block: { p: { ...full, bucket: ref("aws_s3_bucket.b"), restrict_public_buckets: false } } };
    expect(findingsOf(s3BucketPublicAccessBlock, resources)[0].message).toContain("restrict_public_buckets");
  });

  it("Compliance: all four true, referring to the bucket", () => {
    const resources = { aws_s3_bucket: { b: {} }, aws_s3_bucket_public_access_block: { p: { ...full, bucket: ref("aws_s3_bucket.b") } } };
    expect(flagged(s3BucketPublicAccessBlock, resources)).toEqual([]);
  });
});

describe("ENV-PUB-005 databases not public", () => {
  it.each(["aws_db_instance", "aws_rds_cluster_instance"])("Noncompliance 1: rejects publicly_accessible on %s", (type) => {
    expect(flagged(databaseNotPublic, { [type]: { d: { publicly_accessible: true } } })).toEqual([`${type}.d`]);
  });

  it("Compliance: private by default", () => {
    expect(flagged(databaseNotPublic, { aws_db_instance: { d: {} } })).toEqual([]);
  });
});

describe("ENV-PUB-006 EKS endpoint", () => {
  it("Noncompliance 1: fails when the endpoint is public with no CIDR list (defaults to 0.0.0.0/0)", () => {
    expect(flagged(eksEndpointNotPublic, { aws_eks_cluster: { c: { vpc_config: [{ subnet_ids: [] }] } } })).toEqual(["aws_eks_cluster.c"]);
  });

  it("Noncompliance 2: fails when public_access_cidrs contains 0.0.0.0/0", () => {
    const cluster = { vpc_config: [{ endpoint_public_access: true, public_access_cidrs: ["10.0.0.0/8", "0.0.0.0/0"] }] };
    expect(flagged(eksEndpointNotPublic, { aws_eks_cluster: { c: cluster } })).toEqual(["aws_eks_cluster.c"]);
  });

  it("Compliance: private endpoint", () => {
    expect(flagged(eksEndpointNotPublic, { aws_eks_cluster: { c: { vpc_config: [{ endpoint_public_access: false, endpoint_private_access: true }] } } })).toEqual([]);
  });

  it("Compliance: public endpoint limited to named ranges", () => {
    expect(flagged(eksEndpointNotPublic, { aws_eks_cluster: { c: { vpc_config: [{ endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] }] } } })).toEqual([]);
  });
});

describe("ENV-PUB-007 instance public IP", () => {
  const instance = { aws_instance: { i: { associate_public_ip_address: true } } };

  it.each(TIERS)("Noncompliance 1: fails as an error in %s: exposure is never tier-dependent", (tier) => {
    expect(findingsOf(instanceNoPublicIp, instance, { tier })[0].severity).toBe("error");
  });

  it("Compliance: no public IP in prod", () => {
    expect(flagged(instanceNoPublicIp, { aws_instance: { i: { associate_public_ip_address: false } } })).toEqual([]);
  });
});
