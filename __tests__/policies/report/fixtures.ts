/** A report with every kind of finding: error, warning, info, waived, expired waiver, odd characters. */
import { evaluate, Report } from "../../../policies/engine";
import { definePolicy } from "../../../policies/packs";
import { Waiver } from "../../../policies/waivers";
import { NOW, stackOf } from "../helpers";

const waivers: Waiver[] = [
  { ruleId: "ENV-VER-001", resource: "aws_s3_bucket.logs", reason: "Log bucket: versions would double storage", ticket: "OPS-12", expires: "2026-03-31" },
  { ruleId: "ENV-ENC-012", resource: "aws_cloudwatch_log_group.old", reason: "Decommissioned, see <OPS-7> & \"notes\"", owner: "ops", expires: "2025-12-31" },
];

/** Two stacks (prod with findings, dev clean-ish) evaluated with waivers. */
export function sampleReport(): Report {
  const prod = stackOf(
    {
      aws_s3_bucket: { logs: { bucket: "logs", "//": { metadata: { path: "env-prod/logs/Resource" } } } },
      aws_security_group: { web: { ingress: [{ from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"], description: "ssh, \"temporary\"" }] } },
      aws_iam_policy: { p: { policy: "${data.aws_iam_policy_document.d.json}" } },
    },
    { tier: "prod", stackName: "env-prod", file: "cdktf.out/stacks/env-prod/cdk.tf.json" },
  );
  const dev = stackOf({ aws_kms_key: { k: { enable_key_rotation: true } } }, { tier: "dev", stackName: "env-dev" });
  return evaluate(definePolicy(), [prod, dev], { now: NOW, waivers });
}
