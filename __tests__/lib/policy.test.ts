import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing, TerraformStack } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { createEnvironmentApp, synthesizeAll, SynthValidationError } from "../../stacks/app";
import { waive } from "../../stacks/synth/waive";
import { expectNoPolicyErrors, findingsOf } from "../../stacks/synth/testing";
import { buildApp, ENVIRONMENTS, ORGANIZATION } from "../../main";
import type { EnvironmentStack } from "../../stacks/environment-stack";
import { specFor, stackFor, synthError } from "../helpers/fixtures";

const NOW = () => new Date("2026-11-26T12:00:00Z");

function exampleStacks(outdir = fs.mkdtempSync(path.join(os.tmpdir(), "envkit-pol-"))): { app: ReturnType<typeof buildApp>; stacks: EnvironmentStack[]; outdir: string } {
  const app = buildApp(outdir);
  return { app, outdir, stacks: app.node.children.filter(TerraformStack.isStack) as EnvironmentStack[] };
}

describe("policies at synth: the example organization", () => {
  it.each(["env-dev", "env-test", "env-staging", "env-prod", "env-dev-k8s", "env-test-k8s", "env-staging-k8s", "env-prod-k8s"])("%s has no error or warning findings", (id) => {
    const stack = exampleStacks().stacks.find((s) => s.node.id === id)!;
    const findings = findingsOf(stack, { clock: NOW });
    expect(findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(() => expectNoPolicyErrors(stack, { clock: NOW })).not.toThrow();
  });
});

describe("policies at synth: an unencrypted bucket", () => {
  function withRawBucket(stackId: string) {
    const example = exampleStacks();
    const stack = example.stacks.find((s) => s.node.id === stackId)!;
    const bucket = new S3Bucket(stack, "raw-bucket", { bucket: "acme-raw-bucket" });
    // Private, so that only tier-dependent rules (encryption, versioning, logging) fire.
    new S3BucketPublicAccessBlock(stack, "raw-bucket-pab", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    return { ...example, stack, bucket };
  }

  it("fails the synth of env-prod, naming the rule and the construct, and writes nothing", () => {
    const { app, outdir } = withRawBucket("env-prod");
    const error = synthError(app);
    expect(error).toBeInstanceOf(SynthValidationError);
    const message = (error as Error).message;
    expect(message).toContain("[ENV-ENC-001] aws_s3_bucket.raw-bucket at env-prod/raw-bucket: bucket has no server-side encryption configuration");
    expect(message).toContain("Fix: Use SecureBucket");
    expect(message).toContain("[ENV-VER-001]");
    // The output directory is as it was before the synth: empty (the test made it), without the stacks/ cdktf's App created.
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  it("also fails cdktf's own synth (the path `cdktf synth` takes)", () => {
    const { app } = withRawBucket("env-prod");
    expect(() => app.synth()).toThrow(/\[ENV-ENC-001\] aws_s3_bucket\.raw-bucket/);
  });

  it("only warns in dev, and the synth goes through", () => {
    const { app, stack } = withRawBucket("env-dev");
    synthesizeAll(app);
    const warnings = stack.node
      .findChild("raw-bucket")
      .node.metadata.filter((m) => m.type === "@cdktf/warn")
      .map((m) => String(m.data));
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^\[ENV-ENC-001\] aws_s3_bucket\.raw-bucket: /)]));
  });

  it("is let through prod by a construct waiver with a reason and an expiry, and reported as waived", () => {
    const { stack, bucket } = withRawBucket("env-prod");
    for (const ruleId of ["ENV-ENC-001", "ENV-VER-001", "ENV-LOG-001"]) {
      waive(bucket, { ruleId, reason: "legacy import bucket, migrating in Q1", ticket: "PLAT-42", expires: "2026-12-31" });
    }
    const findings = findingsOf(stack, { clock: NOW }).filter((f) => f.resource === "aws_s3_bucket.raw-bucket");
    expect(findings.map((f) => f.ruleId).sort()).toEqual(["ENV-ENC-001", "ENV-LOG-001", "ENV-VER-001"]);
    expect(findings.every((f) => f.waived)).toBe(true);
    expect(() => expectNoPolicyErrors(stack, { clock: NOW })).not.toThrow();
  });

  it("stops waiving once the waiver has expired, and reports the expired waiver", () => {
    const { stack, bucket } = withRawBucket("env-prod");
    waive(bucket, { ruleId: "ENV-ENC-001", reason: "legacy", owner: "data-team", expires: "2026-11-01" });
    const findings = findingsOf(stack, { clock: NOW });
    expect(findings.find((f) => f.ruleId === "ENV-ENC-001")).toMatchObject({ waived: false, severity: "error" });
    expect(findings.some((f) => f.ruleId === "ENV-WAIVER-EXPIRED")).toBe(true);
  });

  it("inherits a waiver from a parent construct", () => {
    const { stack } = withRawBucket("env-prod");
    waive(stack, { ruleId: "ENV-ENC-001", reason: "whole stack exempt in this test", owner: "me", expires: "2026-12-31" });
    expect(findingsOf(stack, { clock: NOW }).find((f) => f.ruleId === "ENV-ENC-001")!.waived).toBe(true);
  });
});

describe("waive()", () => {
  it("rejects a waiver without a reason, owner or ticket, or expiry, listing every problem", () => {
    const stack = stackFor(specFor("dev"));
    expect(() => waive(stack, { ruleId: "ENV-ENC-001", reason: " ", expires: "someday" } as never)).toThrow(
      /Invalid waiver on env-dev:\n  - waiver 0 \(ENV-ENC-001\): reason is required.*\n  - waiver 0 \(ENV-ENC-001\): owner or ticket is required.*\n  - waiver 0 \(ENV-ENC-001\): expires is required as a date YYYY-MM-DD or an ISO-8601 UTC instant .*; found "someday"/,
    );
  });

  it("rejects scope self on a construct that is not a resource", () => {
    const stack = stackFor(specFor("dev"));
    expect(() => waive(stack, { ruleId: "ENV-ENC-001", reason: "r", owner: "o", expires: "2026-12-31", scope: "self" })).toThrow(/scope "self" needs a Terraform resource/);
  });
});

describe("expectNoPolicyErrors", () => {
  it("fails with one readable line per error finding", () => {
    const stack = stackFor(specFor("prod"));
    new S3Bucket(stack, "raw", { bucket: "x-raw" });
    expect(() => expectNoPolicyErrors(stack, { clock: NOW })).toThrow(/Stack env-prod has \d+ policy error\(s\):\n  - \[ENV-/);
  });

  it("sees what Testing.synth hides", () => {
    const stack = stackFor(specFor("prod"));
    new S3Bucket(stack, "raw", { bucket: "x-raw" });
    expect(() => Testing.synth(stack)).not.toThrow();
    expect(findingsOf(stack, { clock: NOW }).some((f) => f.ruleId === "ENV-ENC-001" && f.severity === "error")).toBe(true);
  });
});

describe("synth writes what the policy check saw", () => {
  it("writes the same Terraform JSON as an unchecked synth of the same stacks", () => {
    // AWS stacks alone: with a Kubernetes stack, the synth adds the cross-stack outputs it reads (see __tests__/kubernetes).
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "envkit-pol-"));
    const { app, stacks } = createEnvironmentApp(ORGANIZATION, ENVIRONMENTS.map(({ kubernetes: _k, services: _s, ...spec }) => spec), { app: { outdir } });
    const expected = Object.fromEntries(stacks.map((s) => [s.node.id, JSON.parse(JSON.stringify(s.toTerraform()))]));
    synthesizeAll(app);
    for (const id of Object.keys(expected)) {
      expect(JSON.parse(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8"))).toEqual(expected[id]);
    }
  });

  it("resolves the stack again when constructs were added after the check", () => {
    const stack = stackFor(specFor("dev"));
    const validation = stack.node.validate.bind(stack.node);
    // Run the aspect and the check, then change the tree before the JSON is taken.
    require("cdktf/lib/synthesize/synthesizer").invokeAspects(stack);
    expect(validation()).toEqual([]);
    new S3Bucket(stack, "late-bucket", { bucket: "acme-late" });
    expect(Object.keys(stack.toTerraform().resource.aws_s3_bucket)).toContain("late-bucket");
  });
});
