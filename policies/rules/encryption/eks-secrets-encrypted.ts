import { fail, pass, Rule } from "../../rule";
import { blocks, isSet } from "../helpers";
import { SECURITY } from "../levels";

/** Kubernetes Secrets in an EKS cluster are envelope-encrypted with a KMS key. */
export const eksSecretsEncrypted: Rule = {
  id: "ENV-ENC-022",
  category: "encryption",
  title: "EKS clusters encrypt Kubernetes Secrets with a KMS key",
  severity: SECURITY,
  appliesTo: ["aws_eks_cluster"],
  equivalents: { checkov: ["CKV_AWS_58"], trivy: ["AWS-0039"], fsbp: ["EKS.3"] },
  remediation: 'Add encryption_config { resources = ["secrets"], provider { key_arn = <KMS key ARN> } }.',
  check(cluster) {
    const configs = blocks(cluster.attributes.encryption_config);
    const covers = configs.some((c) => Array.isArray(c.resources) && c.resources.includes("secrets") && blocks(c.provider).some((p) => isSet(p.key_arn)));
    return covers ? pass() : fail("no encryption_config covers secrets with a KMS key: Secrets sit in etcd with only the default encryption");
  },
};
