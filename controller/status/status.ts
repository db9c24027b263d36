/**
 * `envctl status`: the health of deployed environments, read through the AWS
 * API for each environment of the manifest.
 */
import { mapBounded } from "../../lib/core/concurrency";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { EnvkitInputError } from "../../lib/core/errors";
import type { Tier } from "../../lib/core/profile";
import type { ResolvedEnvironment } from "../../lib/environments/types";
import { awsClients, type AwsClients } from "./aws-clients";
import { checkEnvironment, type HealthCheck } from "./checks";

/** The health of one environment. */
export interface EnvironmentStatus {
  readonly name: string;
  readonly tier: Tier;
  /** True when every check passed. */
  readonly healthy: boolean;
  readonly checks: readonly HealthCheck[];
}

/** What a status run reports. */
export interface StatusReport {
  readonly environments: readonly EnvironmentStatus[];
  readonly healthy: boolean;
}

/** How to reach AWS and report progress. */
export interface StatusOptions {
  /** Clients of a region (the default reads the standard AWS environment). */
  readonly clients?: (region: string) => AwsClients;
  /** Called when an environment's checks start and end. */
  readonly onProgress?: (event: { readonly environment: string; readonly phase: "start" | "done"; readonly status?: EnvironmentStatus }) => void;
  /** Environments checked at once. @default 4 */
  readonly concurrency?: number;
}

/**
 * Checks every environment given, a few at a time. A failure to reach AWS at
 * all (no credentials, an endpoint that does not answer) is an
 * `EnvkitInputError`; anything AWS answers is a check's result.
 */
export async function checkStatus(environments: readonly ResolvedEnvironment[], options: StatusOptions = {}): Promise<StatusReport> {
  const clientsFor = options.clients ?? ((region: string) => awsClients(region));
  const results = await mapBounded(environments, options.concurrency ?? 4, async (env) => {
    options.onProgress?.({ environment: env.name, phase: "start" });
    const status = await checkOne(env, clientsFor(env.region));
    options.onProgress?.({ environment: env.name, phase: "done", status });
    return status;
  });
  return { environments: results, healthy: results.every((r) => r.healthy) };
}

async function checkOne(env: ResolvedEnvironment, aws: AwsClients): Promise<EnvironmentStatus> {
  let account: string | undefined;
  try {
    account = (await aws.sts.send(new GetCallerIdentityCommand({}))).Account;
  } catch (error) {
    throw unreachable(error, env.region);
  }
  if (env.account && account !== env.account) {
    const check: HealthCheck = { component: "account", resource: env.account, ok: false, detail: `the credentials are for account ${account}, but environment ${env.name} lives in ${env.account}; use that account's credentials` };
    return { name: env.name, tier: env.tier, healthy: false, checks: [check] };
  }
  try {
    const checks = await checkEnvironment(env, aws);
    return { name: env.name, tier: env.tier, healthy: checks.every((c) => c.ok), checks };
  } catch (error) {
    throw unreachable(error, env.region);
  }
}

function unreachable(error: unknown, region: string): EnvkitInputError {
  const e = error as { name?: string; message?: string; code?: string };
  const endpoint = process.env.AWS_ENDPOINT_URL ? ` at ${process.env.AWS_ENDPOINT_URL}` : "";
  if (e.name === "CredentialsProviderError") return new EnvkitInputError(`no AWS credentials found (${e.message}); set them as for the AWS CLI (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).`);
  return new EnvkitInputError(`cannot reach the AWS API${endpoint} in ${region} (${e.code ?? e.name ?? "error"}: ${e.message}); check the network, AWS_ENDPOINT_URL and the credentials.`);
}
