import { fail, pass, Rule } from "../../rule";
import { EXPOSURE } from "../levels";
import { decodeIfBase64, secretsInText } from "../../../lib/core/credentials";

/** User data is readable by anyone who can describe the instance: no credentials in it. */
export const noSecretsInUserData: Rule = {
  id: "ENV-SEC-001",
  category: "secrets",
  title: "Instance, launch template and launch configuration user data holds no plaintext secrets",
  severity: EXPOSURE,
  appliesTo: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
  equivalents: { checkov: ["CKV_AWS_46"], trivy: ["AWS-0029", "AWS-0129"] },
  remediation: "Read secrets at boot from Secrets Manager or SSM Parameter Store (SecureString) using the instance role; never inline them in user data.",
  unwaivableIn: ["prod"],
  check(resource) {
    const found: string[] = [];
    for (const field of ["user_data", "user_data_base64"]) {
      const value = resource.attributes[field];
      if (typeof value === "string") found.push(...secretsInText(decodeIfBase64(value)).map((s) => `${field} contains ${s}`));
    }
    return found.length === 0 ? pass() : fail(found.join("; "));
  },
};
