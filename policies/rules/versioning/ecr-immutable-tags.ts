import { fail, pass, Rule } from "../../rule";
import { unknownValue } from "../helpers";
import { SECURITY } from "../levels";

/** An image tag in ECR always names the same image. */
export const ecrImmutableTags: Rule = {
  id: "ENV-VER-002",
  category: "versioning",
  title: "ECR repositories have immutable image tags",
  severity: SECURITY,
  appliesTo: ["aws_ecr_repository"],
  equivalents: { checkov: ["CKV_AWS_51"], trivy: ["AWS-0031"], fsbp: ["ECR.2"] },
  remediation: 'Set image_tag_mutability = "IMMUTABLE": a release gets a new tag, and the tag an environment runs never changes under it.',
  check(repo) {
    const value = repo.attributes.image_tag_mutability;
    if (value === "IMMUTABLE" || value === "IMMUTABLE_WITH_EXCLUSION") return pass();
    if (typeof value === "string" && value.includes("${")) return unknownValue(`image_tag_mutability is ${JSON.stringify(value)}, which could not be resolved; set it to a literal so the policy can verify it`);
    return fail(`image_tag_mutability is ${value === undefined ? "not set (the default is MUTABLE)" : JSON.stringify(value)}: a push can replace the image behind a tag an environment runs`);
  },
};
