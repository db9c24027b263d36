import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";

/** Props of `ServiceRoles`. */
export interface ServiceRolesProps {
  /** Prefix of the role names: `<prefix>-svc-<service>`. */
  readonly prefix: string;
  /** The EKS cluster's IAM OIDC provider, `arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>`. */
  readonly oidcProviderArn: string;
  /** The namespace the services' ServiceAccounts live in. */
  readonly namespace: string;
  /** The services, each a ServiceAccount of the same name. */
  readonly services: readonly string[];
  /** The environment's parameter path, `/<org>/<env>`: each service may read it. */
  readonly parameterPath: string;
  /** The environment's key, which decrypts the parameters. */
  readonly kmsKeyArn: string;
  /** Secrets Manager secrets the config references (names or ARNs): each service may read these, and no other secret. @default - none */
  readonly secrets?: readonly string[];
  readonly region: string;
  readonly account?: string;
}

/**
 * An IAM role per service for EKS IAM roles for service accounts: each trusts
 * only its own ServiceAccount in the environment's namespace, through the
 * cluster's OIDC provider, and may read the environment's parameters,
 * decrypt them with its key, and read the secrets its config references;
 * nothing more.
 */
export class ServiceRoles extends Construct {
  /** The roles, by service. */
  readonly roles: ReadonlyMap<string, IamRole>;

  constructor(scope: Construct, id: string, props: ServiceRolesProps) {
    super(scope, id);
    const issuer = props.oidcProviderArn.replace(/^arn:[^:]+:iam::\d{12}:oidc-provider\//, "");
    const partition = new DataAwsPartition(this, "partition");
    const roles = new Map<string, IamRole>();
    for (const service of props.services) {
      const trust = new DataAwsIamPolicyDocument(this, `${service}-trust`, {
        statement: [
          {
            effect: "Allow",
            actions: ["sts:AssumeRoleWithWebIdentity"],
            principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
            condition: [
              { test: "StringEquals", variable: `${issuer}:sub`, values: [`system:serviceaccount:${props.namespace}:${service}`] },
              { test: "StringEquals", variable: `${issuer}:aud`, values: ["sts.amazonaws.com"] },
            ],
          },
        ],
      });
      const role = new IamRole(this, `${service}-role`, { name: `${props.prefix}-svc-${service}`, assumeRolePolicy: trust.json, description: `Service ${service} of ${props.namespace} (EKS IAM role for its service account)` });
      const account = props.account ?? "*";
      // A secret named without its ARN matches its ARN, whose name AWS suffixes with six random characters.
      const secrets = [...new Set(props.secrets ?? [])].sort().map((ref) => (ref.startsWith("arn:") ? ref : `arn:${partition.partition}:secretsmanager:${props.region}:${account}:secret:${ref}-??????`));
      const read = new DataAwsIamPolicyDocument(this, `${service}-read`, {
        statement: [
          {
            sid: "ReadEnvironmentParameters",
            effect: "Allow",
            actions: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
            resources: [`arn:${partition.partition}:ssm:${props.region}:${account}:parameter${props.parameterPath}`, `arn:${partition.partition}:ssm:${props.region}:${account}:parameter${props.parameterPath}/*`],
          },
          { sid: "DecryptEnvironmentParameters", effect: "Allow", actions: ["kms:Decrypt"], resources: [props.kmsKeyArn] },
          ...(secrets.length > 0 ? [{ sid: "ReadReferencedSecrets", effect: "Allow", actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: secrets }] : []),
        ],
      });
      new IamRolePolicy(this, `${service}-policy`, { name: "read-environment-parameters", role: role.id, policy: read.json });
      roles.set(service, role);
    }
    this.roles = roles;
  }
}
