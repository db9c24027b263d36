import { notApplicable, Rule } from "../../rule";
import { requireTrue, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/** Symmetric customer-managed keys rotate automatically. */
export const kmsKeyRotation: Rule = {
  id: "ENV-KMS-001",
  category: "key-rotation",
  control: "security.kmsKeyRotation",
  title: "Symmetric KMS keys have automatic rotation enabled",
  severity: SECURITY,
  appliesTo: ["aws_kms_key"],
  equivalents: { checkov: ["CKV_AWS_7"], trivy: ["AWS-0065"], cis: ["v1.2.0 2.8", "v1.5.0 3.8"], fsbp: ["KMS.4"] },
  remediation: "Use the EncryptionKey construct, or set enable_key_rotation = true on the key.",
  check(key) {
    const spec = key.attributes.customer_master_key_spec ?? key.attributes.key_spec;
    if (typeof spec === "string" && spec.includes("${")) return unknownValue(unresolved("customer_master_key_spec", spec, "a key spec"));
    if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") return notApplicable();
    if (key.attributes.key_usage !== undefined && key.attributes.key_usage !== "ENCRYPT_DECRYPT") return notApplicable();
    return requireTrue(key.attributes, "enable_key_rotation", "the key material never rotates");
  },
};
