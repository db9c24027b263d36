/**
 * The AWS API clients `envctl` uses, made from the standard AWS environment
 * (credentials chain, `AWS_ENDPOINT_URL`), so that the same command works
 * against an account and against a local emulator.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { KMSClient } from "@aws-sdk/client-kms";
import { RDSClient } from "@aws-sdk/client-rds";
import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";

/** One region's clients. */
export interface AwsClients {
  readonly region: string;
  readonly ec2: EC2Client;
  readonly rds: RDSClient;
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly logs: CloudWatchLogsClient;
  readonly cloudwatch: CloudWatchClient;
  readonly ssm: SSMClient;
  readonly sts: STSClient;
}

/**
 * Clients for `region`. With `AWS_ENDPOINT_URL` on a local host (an emulator
 * such as moto or LocalStack), S3 is addressed path-style, since a bucket
 * cannot be a subdomain of an IP address.
 */
export function awsClients(region: string, env: Readonly<Record<string, string | undefined>> = process.env): AwsClients {
  const endpoint = env.AWS_ENDPOINT_URL;
  // The endpoint is passed on, not left to the SDK's reading of the process's environment: envctl up reaches each account's emulator.
  const common = { region, maxAttempts: 3, ...(endpoint ? { endpoint } : {}) };
  const local = endpoint !== undefined && /^https?:\/\/(localhost|127\.|\[::1\]|\d+\.\d+\.\d+\.\d+)/.test(endpoint);
  return {
    region,
    ec2: new EC2Client(common),
    rds: new RDSClient(common),
    s3: new S3Client({ ...common, forcePathStyle: local }),
    kms: new KMSClient(common),
    logs: new CloudWatchLogsClient(common),
    cloudwatch: new CloudWatchClient(common),
    ssm: new SSMClient(common),
    sts: new STSClient(common),
  };
}
