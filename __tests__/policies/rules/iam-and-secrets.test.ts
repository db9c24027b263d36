import { noAccessKeys, noAdminPolicy, noInlineUserPolicy, noSecretsInLambdaEnvironment, noSecretsInUserData, noSecretVariableDefaults } from "../../../policies/rules";
import { evaluate, loadTerraformJson } from "../../../policies/engine";
import { findingsOf, flagged, NOW, ref } from "../helpers";

const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

describe("ENV-IAM-001 no admin policies", () => {
  it.each(["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"])("Noncompliance 1: fails for %s allowing * on *", (type) => {
    expect(flagged(noAdminPolicy, { [type]: { p: { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) } } })).toEqual([`${type}.p`]);
  });

  it("Noncompliance 2: fails on wildcards inside Action and Resource lists", () => {
    expect(flagged(noAdminPolicy, { aws_iam_policy: { p: { policy: doc({ Effect: "Allow", Action: ["s3:GetObject", "*"], Resource: ["*"] }) } } })).toEqual(["aws_iam_policy.p"]);
  });

  it("Noncompliance 3: reports a policy from an unknown data source as info, never passing it", () => {
    const [finding] = findingsOf(noAdminPolicy, { aws_iam_policy: { p: { policy: ref("data.aws_iam_policy_document.d", "json") } } });
    expect(finding.severity).toBe("info");
    expect(finding.message).toContain("could not be resolved");
  });

  it("Compliance: scoped actions on *", () => {
    expect(flagged(noAdminPolicy, { aws_iam_policy: { p: { policy: doc({ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }) } } })).toEqual([]);
  });

  it("Compliance: Deny * on * is not a grant", () => {
    expect(flagged(noAdminPolicy, { aws_iam_policy: { p: { policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) } } })).toEqual([]);
  });
});

describe("ENV-IAM-002 inline user policies", () => {
  it("Noncompliance 1: fails on any aws_iam_user_policy", () => {
    expect(flagged(noInlineUserPolicy, { aws_iam_user_policy: { p: { user: "ci", policy: "{}" } } })).toEqual(["aws_iam_user_policy.p"]);
  });

  it("Compliance: role policies are not user policies", () => {
    expect(flagged(noInlineUserPolicy, { aws_iam_role_policy: { p: { role: "r", policy: "{}" } } })).toEqual([]);
  });
});

describe("ENV-IAM-003 access keys", () => {
  it("Noncompliance 1: fails on any aws_iam_access_key", () => {
    expect(findingsOf(noAccessKeys, { aws_iam_access_key: { k: { user: "ci" } } })[0].message).toContain("user ci");
  });

  it("Compliance: no access key resources", () => {
    expect(flagged(noAccessKeys, { aws_iam_user: { u: { name: "ci" } } })).toEqual([]);
  });
});

describe("ENV-SEC-001 secrets in user data", () => {
  it("Noncompliance 1: fails on an access key id in plain user data", () => {
    const [finding] = findingsOf(noSecretsInUserData, { aws_instance: { i: { user_data: "export AWS_ACCESS_KEY_ID=AKIAABCDEFGHIJKLMNOP\n" } } });
    expect(finding.message).toContain("AWS access key id");
    expect(finding.message).not.toContain("AKIAABCDEFGHIJKLMNOP");
  });

  it("Noncompliance 2: fails on a password in base64 launch template user data", () => {
    const encoded = Buffer.from("#!/bin/bash\nDB_PASSWORD=hunter2-long\n").toString("base64");
    expect(flagged(noSecretsInUserData, { aws_launch_template: { t: { user_data: encoded } } })).toEqual(["aws_launch_template.t"]);
  });

  it("Noncompliance 3: fails on an aws_secret_access_key assignment", () => {
    const text = "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    expect(findingsOf(noSecretsInUserData, { aws_instance: { i: { user_data: text } } })[0].message).toContain("aws_secret_access_key");
  });

  it("Compliance: secrets read at boot from a reference or shell variable", () => {
    const text = "#!/bin/bash\nDB_PASSWORD=$(aws ssm get-parameter --name /app/db --with-decryption)\nTOKEN=${var.token}\n";
    expect(flagged(noSecretsInUserData, { aws_instance: { i: { user_data: text } } })).toEqual([]);
  });
});

describe("ENV-SEC-002 secrets in Lambda environment", () => {
  it("Noncompliance 1: fails on a literal API key", () => {
    const fn = { environment: [{ variables: { STRIPE_API_KEY: "sk_live_123456", REGION: "eu-west-1" } }] };
    expect(findingsOf(noSecretsInLambdaEnvironment, { aws_lambda_function: { f: fn } })[0].message).toContain("STRIPE_API_KEY");
  });

  it("Compliance: secret names holding references are fine", () => {
    const fn = { environment: [{ variables: { DB_PASSWORD_ARN: ref("aws_secretsmanager_secret.db", "arn"), REGION: "eu-west-1" } }] };
    expect(flagged(noSecretsInLambdaEnvironment, { aws_lambda_function: { f: fn } })).toEqual([]);
  });
});

describe("ENV-SEC-003 secret variable defaults", () => {
  it("Noncompliance 1: fails on a password variable with a literal default", () => {
    expect(flagged(noSecretVariableDefaults, {}, { variable: { db_password: { type: "string", default: "changeme123" } } })).toEqual(["var.db_password"]);
  });

  it("Noncompliance 2: fails on an access key id in any default", () => {
    expect(flagged(noSecretVariableDefaults, {}, { variable: { bootstrap: { default: "AKIAABCDEFGHIJKLMNOP" } } })).toEqual(["var.bootstrap"]);
  });

  it("Compliance: secret variables without defaults, and harmless defaults", () => {
    expect(flagged(noSecretVariableDefaults, {}, { variable: { db_password: { type: "string", sensitive: true }, region: { default: "eu-west-1" } } })).toEqual([]);
  });
});

describe("ENV-IAM-001 with aws_iam_policy_document data sources", () => {
  const withDocument = (statement: Record<string, unknown>) =>
    loadTerraformJson(
      {
        data: { aws_iam_policy_document: { doc: { statement: [statement] } } },
        resource: { aws_iam_role_policy: { p: { role: "r", policy: "${data.aws_iam_policy_document.doc.json}" } } },
      },
      { stackName: "env-test", tier: "prod", now: NOW },
    );

  it("Noncompliance 1: fails after it resolves the referenced document and finds * on *", () => {
    const report = evaluate([noAdminPolicy], [withDocument({ sid: "Admin", effect: "Allow", actions: ["*"], resources: ["*"] })], { now: NOW });
    expect(report.findings.map((f) => [f.severity, f.message])).toEqual([["error", 'statement Admin allows Action "*" on Resource "*": full administrator access']]);
  });

  it("Compliance: a scoped document passes once resolved (no info finding)", () => {
    const report = evaluate([noAdminPolicy], [withDocument({ actions: ["logs:PutLogEvents"], resources: ["*"] })], { now: NOW });
    expect(report.findings).toEqual([]);
  });
});
