import { Rule } from "../../rule";
import { onAwsProvider6, requireFlag } from "../helpers";
import { SECURITY } from "../levels";

/** Redshift clusters encrypt their data at rest: unset is unencrypted with the AWS provider 5, encrypted from provider 6. */
export const redshiftEncrypted: Rule = {
  id: "ENV-ENC-021",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "Redshift clusters are encrypted at rest",
  severity: SECURITY,
  appliesTo: ["aws_redshift_cluster"],
  equivalents: { checkov: ["CKV_AWS_64"], trivy: ["AWS-0084"] },
  remediation: "Set encrypted = true and kms_key_id to the environment key.",
  check(cluster, stack) {
    return requireFlag(cluster.attributes, "encrypted", "the warehouse and its snapshots are stored in the clear", onAwsProvider6(stack));
  },
};
