import { TIERS } from "../../lib/core/profile";
import { TIER_PROFILES } from "../../lib/core/tiers";
import { findingsOf } from "../../stacks/synth/testing";
import { specFor, stackFor } from "../helpers/fixtures";
import { Template } from "../helpers/template";

const NOW = () => new Date("2026-11-26T12:00:00Z");
const protectedTypes = ["aws_db_instance", "aws_kms_key", "aws_s3_bucket"];

describe("what a teardown may delete, by tier", () => {
  it.each(TIERS)("%s: data goes with the environment only where the tier has no deletion protection", (tier) => {
    const template = Template.fromStack(stackFor(specFor(tier)));
    const protects = TIER_PROFILES[tier].lifecycle.deletionProtection;
    for (const bucket of template.resources("aws_s3_bucket")) expect([bucket.name, bucket.attributes.force_destroy]).toEqual([bucket.name, !protects]);
    for (const type of protectedTypes) {
      for (const r of template.resources(type)) expect([r.name, r.attributes.lifecycle?.prevent_destroy ?? false]).toEqual([r.name, protects]);
    }
    const db = template.only("aws_db_instance");
    expect([db.deletion_protection, db.skip_final_snapshot]).toEqual([protects, !protects]);
  });
});

describe("decommissioning a protected environment on purpose", () => {
  const decommission = { approvedBy: "cto", reason: "the product is retired" };

  it("lifts deletion protection, keeps the final snapshot, and never empties buckets", () => {
    const template = Template.fromStack(stackFor(specFor("prod", { decommission })));
    for (const type of protectedTypes) for (const r of template.resources(type)) expect(r.attributes.lifecycle?.prevent_destroy).toBeUndefined();
    const db = template.only("aws_db_instance");
    expect([db.deletion_protection, db.skip_final_snapshot, db.final_snapshot_identifier]).toEqual([false, false, "acme-prod-final"]);
    for (const bucket of template.resources("aws_s3_bucket")) expect(bucket.attributes.force_destroy).toBe(false);
  });

  it("synthesizes in prod: the deletion-protection finding is a warning that names the approval", () => {
    const stack = stackFor(specFor("prod", { decommission }));
    const finding = findingsOf(stack, { clock: NOW }).find((f) => f.ruleId === "ENV-DEL-001")!;
    expect(finding.severity).toBe("warning");
    expect(finding.message).toContain("the environment is being decommissioned, approved by cto: the product is retired");
    expect(findingsOf(stack, { clock: NOW }).filter((f) => f.severity === "error")).toEqual([]);
  });

  it("is announced at synth", () => {
    const stack = stackFor(specFor("staging", { decommission }));
    const warnings = stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining("environment staging is being decommissioned (approved by cto: the product is retired)")]);
  });
});
