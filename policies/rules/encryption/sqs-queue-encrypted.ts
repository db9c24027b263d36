import { fail, pass, Rule } from "../../rule";
import { flag, isSet, unknownValue, unresolved } from "../helpers";
import { SECURITY } from "../levels";

/** SQS queues encrypt messages with KMS or SQS-managed SSE. */
export const sqsQueueEncrypted: Rule = {
  id: "ENV-ENC-010",
  category: "encryption",
  control: "security.encryptionAtRest",
  title: "SQS queues are encrypted at rest",
  severity: SECURITY,
  appliesTo: ["aws_sqs_queue"],
  equivalents: { checkov: ["CKV_AWS_27"], trivy: ["AWS-0096"] },
  remediation: "Set kms_master_key_id to the environment key, or sqs_managed_sse_enabled = true.",
  check(queue) {
    if (isSet(queue.attributes.kms_master_key_id)) return pass();
    const managed = flag(queue.attributes.sqs_managed_sse_enabled);
    if (managed === true) return pass();
    if (managed === "unresolved") return unknownValue(unresolved("sqs_managed_sse_enabled", queue.attributes.sqs_managed_sse_enabled, "true or false"));
    return fail("neither kms_master_key_id nor sqs_managed_sse_enabled = true is set: messages are stored unencrypted");
  },
};
