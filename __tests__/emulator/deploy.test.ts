import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { PutRetentionPolicyCommand, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateTagsCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { DeletePublicAccessBlockCommand, GetBucketVersioningCommand, ListBucketsCommand, PutBucketVersioningCommand } from "@aws-sdk/client-s3";
import { DeleteParameterCommand, GetParameterCommand } from "@aws-sdk/client-ssm";
import { addHours, formatUtc } from "../../lib/core/time";
import { TIER_PROFILES } from "../../lib/core/tiers";
import { TIER_ALARMS } from "../../lib/core/alarms";
import { resolveEnvironments } from "../../lib/environments/resolve";
import { ENVIRONMENTS, ORGANIZATION } from "../../main";
import { clientsFor, inspectEnvironment, leftovers, objectCount, putObject } from "./inspect";
import { startEmulator, type Emulator } from "./moto";
import { emulatorProject, RUN_LOG, type EmulatorProject, type RunResult } from "./project";

/**
 * Every environment is proven by a real deploy: `cdktf deploy` of dev,
 * staging, prod and a preview (created by ENV_PREVIEW, as a CI job does)
 * against a local AWS API (moto), each in its own account, checked through
 * the AWS SDK, health-checked with `envctl status`, damaged and found
 * unhealthy, drifted and corrected with `envctl drift`, then reaped (the
 * preview, once expired), destroyed (dev) or refused (staging, prod). The
 * deploys run in parallel: a database takes minutes to create through the
 * provider's waiters.
 */
const ORG = "acme";
const ACCOUNTS = { dev: "111111111111", staging: "333333333333", prod: "444444444444", "pr-7": "555555555555", stranger: "999999999999" } as const;
type Deployed = "dev" | "staging" | "prod" | "pr-7";
const DEPLOYED: readonly Deployed[] = ["dev", "staging", "prod", "pr-7"];
const PERSISTENT = ["dev", "staging", "prod"] as const;
const names = (env: string) => ({ prefix: `${ORG}-${env}`, org: ORG, env });

const emulators = {} as Record<keyof typeof ACCOUNTS, Emulator>;
const projects = {} as Record<Deployed | "guard", EmulatorProject>;
const deploys = {} as Record<Deployed | "guard", RunResult>;
let diffOfDev: Promise<RunResult>;
let driftAfterDeploy: Promise<Record<Deployed, RunResult>>;

/** The lifecycle record the preview's first synth wrote beside its state. */
const recordPath = () => join(projects["pr-7"].dir, "terraform-state", "lifecycle", "pr-7.json");
const previewRecord = (): { createdAt: string; expiresAt: string; cidr: string; owner: string } => JSON.parse(readFileSync(recordPath(), "utf8"));

/**
 * The refused destroys of staging and prod touch nothing, so they run while
 * the preview's lane (drift, expiry, reaping) runs in its own emulator.
 * Each also asks Terraform directly for the destroy plan, whose error names
 * the protected resources (the cdktf CLI does not always print Terraform's
 * last diagnostic when it exits).
 */
type Protected = "staging" | "prod";
const PROTECTED: readonly Protected[] = ["staging", "prod"];
let refusals: Promise<Record<Protected, { destroy: RunResult; plan: RunResult; objects: number }>> | undefined;
function startRefusedDestroys() {
  refusals ??= (async () => {
    const results = {} as Record<Protected, { destroy: RunResult; plan: RunResult; objects: number }>;
    await Promise.all(
      PROTECTED.map(async (env) => {
        const aws = clientsFor(emulators[env]);
        await putObject(aws, `${ORG}-${env}-data`, "reports/2026-12-01.csv", "id,total\n1,42\n");
        const objects = await objectCount(aws, `${ORG}-${env}-data`);
        const destroy = await projects[env].cdktf(["destroy", `env-${env}`, "--auto-approve", "--skip-provider-lock", ...SYNTHESIZED], emulators[env]);
        const plan = await projects[env].terraform(`env-${env}`, ["plan", "-destroy", "-input=false", "-no-color", "-lock=false"], emulators[env]);
        results[env] = { destroy, plan, objects };
      }),
    );
    return results;
  })();
  return refusals;
}

/**
 * env-dev is destroyed while the reaper destroys the preview (each waits
 * about a minute on its database): its data is written first, then counted.
 */
let devDestroy: Promise<{ destroy: RunResult; objects: { data: number; logs: number } }> | undefined;
function startDevDestroy() {
  devDestroy ??= (async () => {
    // The application's data, written as an application writes it; access logs are delivered by the emulator, as by AWS.
    const aws = clientsFor(emulators.dev);
    await putObject(aws, `${ORG}-dev-data`, "reports/2026-12-01.csv", "id,total\n1,42\n");
    const objects = { data: await objectCount(aws, `${ORG}-dev-data`), logs: await objectCount(aws, `${ORG}-dev-access-logs`) };
    return { destroy: await projects.dev.cdktf(["destroy", "env-dev", "--auto-approve", "--skip-provider-lock", ...SYNTHESIZED], emulators.dev), objects };
  })();
  return devDestroy;
}

/**
 * The diff and destroys run on the cdktf.out that their project's deploy
 * synthesized from the same code (`--skip-synth`): a synth of every
 * environment is CPU the deploys and drift checks running beside them need.
 * Each deploy still synthesizes, as a user's does.
 */
const SYNTHESIZED = ["--skip-synth"] as const;

/** First deploys that failed on an emulator fault and were run again (shown in a failed expectation). */
const firstAttempts: Partial<Record<Deployed, RunResult>> = {};

/**
 * Why a failed command is the emulator's fault rather than the environment's:
 * the emulator logged that it answered a request with a 5xx status (its own
 * exception, printed with a traceback), or the loopback connection to it broke.
 * Undefined when the command succeeded or failed for another reason.
 */
function emulatorFault(run: RunResult, emulator: Emulator): string | undefined {
  if (run.code === 0) return undefined;
  const faults = emulator.serverErrors();
  if (faults.length > 0) return `${faults.length} requests failed inside the emulator, first: ${faults[0].split("\n")[0]}`;
  const broken = /connection reset by peer|unexpected EOF|connection refused/.exec(run.output);
  return broken ? `the connection to the emulator broke: ${broken[0]}` : undefined;
}

/**
 * The command output, for a failed expectation: Terraform's error blocks
 * first (in a parallel apply they are buried under progress lines), then the
 * last lines without progress.
 */
const tail = (r: RunResult) => {
  const lines = r.output.split("\n").filter((line) => !/Still (creating|destroying|modifying)\.\.\./.test(line));
  const errors = lines.flatMap((line, i) => (/\bError\b/.test(line) ? lines.slice(i, i + 12) : []));
  return [...new Set(errors), "...", ...lines.slice(-30)].join("\n");
};

beforeAll(async () => {
  for (const [env, account] of Object.entries(ACCOUNTS)) emulators[env as keyof typeof ACCOUNTS] = await startEmulator(account);
  for (const env of [...DEPLOYED, "guard"] as const) projects[env] = emulatorProject(env === "pr-7" ? { ENV_PREVIEW: "pr-7", GITHUB_ACTOR: "octocat" } : {});
  const runs = [
    ...DEPLOYED.map(async (env) => {
      const deploy = () => projects[env].cdktf(["deploy", `env-${env}`, "--auto-approve", "--skip-provider-lock"], emulators[env]);
      deploys[env] = await deploy();
      const fault = emulatorFault(deploys[env], emulators[env]);
      if (fault) {
        // The emulator failed, not the environment: a user re-runs the deploy, and so does the harness, once and visibly.
        process.stderr.write(`env-${env}: the first deploy failed on an emulator fault (${fault}); deploying again\n`);
        firstAttempts[env] = deploys[env];
        deploys[env] = await deploy();
      }
    }),
    (async () => (deploys.guard = await projects.guard.cdktf(["deploy", "env-dev", "--auto-approve", "--skip-provider-lock"], emulators.stranger)))(),
  ];
  await Promise.all(runs);
}, 560_000);

afterAll(async () => {
  for (const [env, emulator] of Object.entries(emulators)) {
    const faults = emulator?.serverErrors() ?? [];
    // The stranger's faults are the budget proof's, asked for an API moto lacks; any other fault is news.
    const expected = env === "stranger" ? " (expected: the budget test asks it for DescribeSubscribersForNotification)" : "";
    if (faults.length > 0) process.stderr.write(`emulator of ${env}: ${faults.length} requests failed inside the emulator${expected}:\n${faults.slice(0, 20).join("\n")}\n`);
  }
  process.stderr.write(`emulator suite, commands run (start s, duration s, exit):\n${RUN_LOG.map((r) => `  ${(r.startMs / 1000).toFixed(0).padStart(4)} ${(r.ms / 1000).toFixed(1).padStart(6)} ${r.code} ${r.command}`).join("\n")}\n`);
  await Promise.all(Object.values(emulators).map((e) => e?.stop()));
});

describe("cdktf deploy against the emulator, exactly as a user runs it", () => {
  it.each(DEPLOYED)("env-%s deploys from a clean cdktf.out", (env) => {
    // On failure, what the emulator itself failed to answer is shown beside Terraform's errors.
    const failure = () => [tail(deploys[env]), "emulator faults:", ...emulators[env].serverErrors(), ...(firstAttempts[env] ? ["first attempt:", tail(firstAttempts[env])] : [])].join("\n");
    expect({ code: deploys[env].code, output: deploys[env].code === 0 ? "" : failure() }).toEqual({ code: 0, output: "" });
    expect(deploys[env].output).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
  });
});

describe("the deployed environments, through the AWS API", () => {
  const spec = (env: Deployed) => (env === "pr-7" ? { tier: "preview" as const, cidr: previewRecord().cidr } : { tier: ENVIRONMENTS.find((e) => e.name === env)!.tier, cidr: ENVIRONMENTS.find((e) => e.name === env)!.cidr });
  const inspected = {} as Record<Deployed, Awaited<ReturnType<typeof inspectEnvironment>>>;
  beforeAll(async () => {
    for (const env of DEPLOYED) inspected[env] = await inspectEnvironment(clientsFor(emulators[env]), names(env));
    // Read-only, so they run while the tests below read the inspection: a diff of dev, and drift of every environment.
    diffOfDev = projects.dev.cdktf(["diff", "env-dev", "--skip-provider-lock", ...SYNTHESIZED], emulators.dev);
    // (cdktf diff does not wait for a state lock, so dev's drift follows its diff.)
    driftAfterDeploy = Promise.all(
      DEPLOYED.map(async (env) => {
        if (env === "dev") await diffOfDev;
        return [env, await projects[env].envctl(["drift", env, "--format", "json"], emulators[env])] as const;
      }),
    ).then((runs) => Object.fromEntries(runs) as Record<Deployed, RunResult>);
  });

  it.each(DEPLOYED)("env-%s: the VPC has its range, and a public and a private subnet per zone of the tier", (env) => {
    const { sizing } = TIER_PROFILES[spec(env).tier];
    const { vpc, subnets } = inspected[env];
    expect(vpc?.CidrBlock).toBe(spec(env).cidr);
    expect(subnets).toHaveLength(sizing.availabilityZones * 2);
    const zones = [...new Set(subnets.map((s) => s.AvailabilityZone))].sort();
    expect(zones).toHaveLength(sizing.availabilityZones);
    for (const zone of zones) {
      expect(subnets.filter((s) => s.AvailabilityZone === zone).map((s) => s.Tags?.find((t) => t.Key === "subnet-tier")?.Value).sort()).toEqual(["private", "public"]);
    }
    expect(subnets.every((s) => s.MapPublicIpOnLaunch === false)).toBe(true);
  });

  it.each(DEPLOYED)("env-%s: runs as many NAT gateways as its tier says, and records flow logs of all traffic", (env) => {
    const { sizing } = TIER_PROFILES[spec(env).tier];
    expect(inspected[env].nats).toHaveLength(sizing.nat === "per-az" ? sizing.availabilityZones : 1);
    expect(inspected[env].flowLogs.map((f) => [f.TrafficType, f.LogDestinationType])).toEqual([["ALL", "cloud-watch-logs"]]);
  });

  it.each(DEPLOYED)("env-%s: the database is PostgreSQL of the tier's class, encrypted, private, backed up and protected as the tier says", (env) => {
    const { sizing, lifecycle } = TIER_PROFILES[spec(env).tier];
    const db = inspected[env].db!;
    expect({
      engine: db.Engine,
      class: db.DBInstanceClass,
      multiAz: db.MultiAZ,
      encrypted: db.StorageEncrypted,
      kmsKey: db.KmsKeyId,
      public: db.PubliclyAccessible,
      iamAuth: db.IAMDatabaseAuthenticationEnabled,
      backups: db.BackupRetentionPeriod,
      deletionProtection: db.DeletionProtection,
    }).toEqual({
      engine: "postgres",
      class: sizing.dbInstanceClass,
      multiAz: sizing.dbMultiAz,
      encrypted: true,
      kmsKey: inspected[env].key?.Arn,
      public: false,
      iamAuth: true,
      backups: lifecycle.backupRetentionDays,
      deletionProtection: lifecycle.deletionProtection,
    });
  });

  it.each(DEPLOYED)("env-%s: the database publishes Enhanced Monitoring at the tier's granularity through a role RDS assumes (none below staging)", (env) => {
    const seconds = TIER_ALARMS[spec(env).tier].dbEnhancedMonitoringSeconds;
    const db = inspected[env].db!;
    expect(db.MonitoringInterval ?? 0).toBe(seconds);
    if (seconds === 0) return expect(db.MonitoringRoleArn).toBeUndefined();
    expect(db.MonitoringRoleArn).toMatch(new RegExp(`^arn:aws:iam::\\d{12}:role/${db.DBInstanceIdentifier}-rds-monitoring$`));
  });

  it.each(DEPLOYED)("env-%s: both buckets are encrypted, versioned, private, owner-enforced and TLS-only", (env) => {
    const buckets = inspected[env].buckets;
    const data = buckets[`${ORG}-${env}-data`];
    const logs = buckets[`${ORG}-${env}-access-logs`];
    expect([data.algorithm, data.kmsKey]).toEqual(["aws:kms", inspected[env].key?.Arn]);
    expect(logs.algorithm).toBe("AES256");
    for (const bucket of [data, logs]) {
      expect(bucket.versioning).toBe("Enabled");
      expect(bucket.publicAccessBlock).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.ownership).toBe("BucketOwnerEnforced");
      expect(bucket.policy?.Statement.find((s) => s.Sid === "DenyInsecureTransport")).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    }
  });

  it.each(DEPLOYED)("env-%s: the key rotates; log groups keep the tier's retention under the key; the settings are SecureString parameters", (env) => {
    const { lifecycle } = TIER_PROFILES[spec(env).tier];
    const { key, keyRotation, logGroups, parameters } = inspected[env];
    expect([key?.KeyState, keyRotation]).toEqual(["Enabled", true]);
    expect(logGroups.length).toBeGreaterThanOrEqual(4);
    for (const group of logGroups) expect([group.logGroupName, group.retentionInDays, group.kmsKeyId]).toEqual([group.logGroupName, lifecycle.logRetentionDays, key?.Arn]);
    const byName = Object.fromEntries(parameters.map((p) => [p.Name, p]));
    expect(byName[`/${ORG}/${env}/environment/tier`]).toMatchObject({ Type: "SecureString", Value: spec(env).tier });
    expect(byName[`/${ORG}/${env}/storage/data-bucket`]?.Value).toBe(`${ORG}-${env}-data`);
    // The organization's base and tier layers under the environment's own, a secret as its reference.
    const config = env === "pr-7" ? {} : resolveEnvironments(ORGANIZATION, ENVIRONMENTS).find((e) => e.name === env)!.config;
    if (env !== "pr-7") expect(config["payments-api-key"]).toBe("secretsmanager:acme/payments/api-key");
    for (const [k, v] of Object.entries(config)) expect(byName[`/${ORG}/${env}/${k}`]?.Value).toBe(v);
  });

  it.each(DEPLOYED)("env-%s: the alert topic is encrypted with the key, open to the account's alarms and budgets, and subscribes the alert addresses", (env) => {
    const { topic } = inspected[env].monitoring;
    expect(topic?.kmsKey).toBe(inspected[env].key?.Arn);
    expect(topic?.subscriptions).toEqual(ORGANIZATION.alertEmails!.map((endpoint) => ({ protocol: "email", endpoint })));
    const publishers = topic?.policy.Statement.find((s) => s.Action === "sns:Publish" || (Array.isArray(s.Action) && s.Action.includes("sns:Publish")));
    expect([publishers?.Principal?.Service].flat().sort()).toEqual(["budgets.amazonaws.com", "cloudwatch.amazonaws.com"]);
    expect(JSON.stringify(publishers?.Condition)).toContain(ACCOUNTS[env]);
  });

  it.each(DEPLOYED)("env-%s: alarms watch the database, each NAT gateway and log delivery at the tier's thresholds, notifying only in staging and prod", (env) => {
    const settings = TIER_ALARMS[spec(env).tier];
    const { alarms, topic } = inspected[env].monitoring;
    const byName = Object.fromEntries(alarms.map((a) => [a.name.replace(`${ORG}-${env}-`, ""), a]));
    const zones = TIER_PROFILES[spec(env).tier].sizing.nat === "per-az" ? TIER_PROFILES[spec(env).tier].sizing.availabilityZones : 1;
    const zoneOf = (subnetId: string | undefined) => inspected[env].subnets.find((s) => s.SubnetId === subnetId)?.AvailabilityZone;
    expect(Object.keys(byName).sort()).toEqual(["db-connections", "db-cpu", "db-free-storage", "log-delivery", ...inspected[env].nats.map((n) => `nat-${zoneOf(n.SubnetId)}-errors`)].sort());
    expect(inspected[env].nats).toHaveLength(zones);
    expect(byName["db-cpu"]).toMatchObject({ namespace: "AWS/RDS", metric: "CPUUtilization", threshold: settings.dbCpuPercent, period: settings.periodSeconds, evaluationPeriods: settings.evaluationPeriods, dimensions: { DBInstanceIdentifier: `${ORG}-${env}` } });
    expect(byName["db-connections"]).toMatchObject({ metric: "DatabaseConnections", threshold: settings.dbConnections });
    for (const alarm of alarms) expect([alarm.name, alarm.actionsEnabled, alarm.alarmActions]).toEqual([alarm.name, settings.notify, settings.notify ? [topic?.arn] : []]);
  });

  it.each(DEPLOYED)("env-%s: the dashboard shows every alarm and the metrics behind them", (env) => {
    const { dashboard, alarms } = inspected[env].monitoring;
    expect(dashboard?.widgets[0].properties.alarms).toHaveLength(alarms.length);
    for (const alarm of alarms) expect(dashboard?.widgets[0].properties.alarms).toContainEqual(expect.stringMatching(new RegExp(`:alarm:${alarm.name}$`)));
    expect(dashboard?.widgets.slice(1).flatMap((w) => (w.properties.metrics ?? []).map((m) => m[1]))).toEqual(expect.arrayContaining(["CPUUtilization", "FreeStorageSpace", "DatabaseConnections", "ErrorPortAllocation", "IncomingLogEvents"]));
  });

  it("the budget is left out of the deployed app because moto does not implement DescribeSubscribersForNotification, which the provider reads a budget with", async () => {
    const emulator = emulators.stranger;
    const response = await fetch(emulator.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSBudgetServiceGateway.DescribeSubscribersForNotification", Authorization: "AWS4-HMAC-SHA256 Credential=testing/20261201/us-east-1/budgets/aws4_request, SignedHeaders=host, Signature=0" },
      body: JSON.stringify({ AccountId: ACCOUNTS.stranger, BudgetName: "any", Notification: { NotificationType: "ACTUAL", ComparisonOperator: "GREATER_THAN", Threshold: 80 } }),
    });
    expect(response.status).toBe(500);
    // The emulator logs the traceback on its standard error, which reaches the test a moment after the answer.
    const deadline = Date.now() + 5_000;
    while (!emulator.serverErrors().join("\n").includes("describe_subscribers_for_notification") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(emulator.serverErrors().join("\n")).toContain("NotImplementedError: The describe_subscribers_for_notification action has not been implemented");
  });

  it.each(DEPLOYED)("env-%s: every taggable resource carries environment, tier, owner (and expires-at when ephemeral)", (env) => {
    const { tagged } = inspected[env];
    expect(tagged.length).toBeGreaterThan(25);
    const ephemeral = env === "pr-7";
    const expiry = ephemeral ? previewRecord().expiresAt : undefined;
    const missing = tagged.filter(({ tags }) => tags.environment !== env || tags.tier !== spec(env).tier || !tags.owner || (ephemeral ? tags["expires-at"] !== expiry || tags["cloud-nuke-after"] !== expiry || !tags["created-at"] : "expires-at" in tags));
    expect(missing.map((m) => `${m.resource}: ${JSON.stringify(m.tags)}`)).toEqual([]);
  });

  it("the preview came from ENV_PREVIEW alone: a record beside its state, owner from CI, a range from the preview pool, an expiry in its output", () => {
    const record = previewRecord();
    expect(record).toMatchObject({ environment: "pr-7", tier: "preview", owner: "octocat" });
    expect(Date.parse(record.expiresAt) - Date.parse(record.createdAt)).toBe(TIER_PROFILES.preview.lifecycle.defaultTtlHours * 3_600_000);
    expect(record.cidr).toMatch(/^10\.(12[89]|13\d|14[0-3])\.\d+\.0\/20$/);
    expect(inspected["pr-7"].tagged.every((t) => t.tags.owner === "octocat")).toBe(true);
    expect(deploys["pr-7"].output).toContain(`expires_at = ${record.expiresAt}`);
  });

  it("a plan right after the deploy has nothing to do (what the API reports reads back as declared)", async () => {
    const diff = await diffOfDev;
    expect({ code: diff.code, output: diff.code === 0 ? "" : tail(diff) }).toEqual({ code: 0, output: "" });
    expect(diff.output).toMatch(/No changes\. Your infrastructure matches the configuration/);
  }, 120_000);
});

describe("the account guard, for real", () => {
  it("refuses to deploy env-dev into another account, before anything is created", async () => {
    expect(deploys.guard.code).not.toBe(0);
    expect(deploys.guard.output).toMatch(/AWS account ID not allowed: 999999999999/);
    const aws = clientsFor(emulators.stranger);
    expect((await aws.ec2.send(new DescribeVpcsCommand({}))).Vpcs?.filter((v) => !v.IsDefault)).toEqual([]);
    expect((await aws.s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    expect((await aws.rds.send(new DescribeDBInstancesCommand({}))).DBInstances).toEqual([]);
  });
});

describe("envctl drift right after the deploys: the provider's noise is not drift", () => {
  let runs: Record<Deployed, RunResult>;
  beforeAll(async () => {
    runs = await driftAfterDeploy;
  }, 300_000);

  it.each(DEPLOYED)("env-%s: no drift (exit 0), though Terraform's refresh reports changed attributes on many resources", (env) => {
    expect({ code: runs[env].code, output: runs[env].code === 0 ? "" : tail(runs[env]) }).toEqual({ code: 0, output: "" });
    const [report] = JSON.parse(runs[env].stdout).environments;
    expect(report).toMatchObject({ name: env, drifted: false });
    expect(report.stacks[0].drifted).toEqual([]);
    expect(report.stacks[0].pending).toEqual([]);
    // What was ignored, and why it is not drift, is in the report: tags null against {}, settings their own resources own.
    expect(report.stacks[0].ignored.length).toBeGreaterThan(10);
  });
});

describe("envctl status, through the AWS API", () => {
  it.each(DEPLOYED)("reports env-%s healthy (exit 0)", async (env) => {
    const result = await projects[env].envctl(["status", env, "--format", "json"], emulators[env]);
    expect({ code: result.code, output: result.code === 0 ? "" : result.output }).toEqual({ code: 0, output: "" });
    const report = JSON.parse(result.output.slice(result.output.indexOf("{")));
    expect(report.environments[0]).toMatchObject({ name: env, healthy: true });
    expect(report.environments[0].checks.map((c: { component: string }) => c.component)).toEqual(expect.arrayContaining(["vpc", "subnets", "nat", "flow-logs", "key", "bucket", "database", "log-group", "parameters", "alarms"]));
  });

  it("reports a damaged environment unhealthy (exit 1), saying what is wrong", async () => {
    const aws = clientsFor(emulators.dev);
    await aws.ssm.send(new DeleteParameterCommand({ Name: `/${ORG}/dev/log-level` }));
    await aws.s3.send(new DeletePublicAccessBlockCommand({ Bucket: `${ORG}-dev-data` }));
    // What CloudWatch does when the database's CPU stays high.
    await aws.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: `${ORG}-dev-db-cpu`, StateValue: "ALARM", StateReason: "CPU above 90% for 30 minutes" }));
    const result = await projects.dev.envctl(["status", "dev"], emulators.dev);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(new RegExp(`alarms ${ORG}-dev-\\*: ${ORG}-dev-db-cpu is in ALARM since \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z \\(CPU above 90% for 30 minutes\\)`));
    expect(result.output).toContain(`parameters /${ORG}/dev: missing: /${ORG}/dev/log-level`);
    expect(result.output).toContain(`bucket ${ORG}-dev-data: the public access block is missing`);
    expect(result.output).toContain("dev: unhealthy");
  });

  it("refuses an unknown environment with exit 2", async () => {
    const result = await projects.dev.envctl(["status", "nope"], emulators.dev);
    expect(result.code).toBe(2);
    expect(result.output).toContain("unknown environment nope");
  });
});

describe("envctl drift on a damaged preview: reports exactly the damage, --fix restores it", () => {
  const aws = () => clientsFor(emulators["pr-7"]);
  let found: RunResult;
  let fixed: RunResult;
  let after: RunResult;
  beforeAll(async () => {
    void startRefusedDestroys();
    const vpc = (await aws().ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: [`${ORG}-pr-7`] }] }))).Vpcs![0];
    await aws().ec2.send(new CreateTagsCommand({ Resources: [vpc.VpcId!], Tags: [{ Key: "owner", Value: "mallory" }] }));
    await aws().logs.send(new PutRetentionPolicyCommand({ logGroupName: `/${ORG}/pr-7/app`, retentionInDays: 1 }));
    await aws().s3.send(new PutBucketVersioningCommand({ Bucket: `${ORG}-pr-7-data`, VersioningConfiguration: { Status: "Suspended" } }));
    await aws().ssm.send(new DeleteParameterCommand({ Name: `/${ORG}/pr-7/storage/data-bucket` }));
    found = await projects["pr-7"].envctl(["drift", "pr-7", "--format", "json"], emulators["pr-7"]);
    fixed = await projects["pr-7"].envctl(["drift", "pr-7", "--fix"], emulators["pr-7"]);
    after = await projects["pr-7"].envctl(["drift", "pr-7"], emulators["pr-7"]);
  }, 300_000);

  it("reports the four damaged resources and the attributes that changed, nothing else (exit 2)", () => {
    expect({ code: found.code, output: found.code === 2 ? "" : tail(found) }).toEqual({ code: 2, output: "" });
    const [report] = JSON.parse(found.stdout).environments;
    const drifted = report.stacks[0].drifted.map((r: { type: string; change: string; attributes: unknown[] }) => [r.type, r.change, r.attributes]);
    expect(drifted.sort()).toEqual(
      [
        ["aws_cloudwatch_log_group", "update", [{ path: "retention_in_days", before: TIER_PROFILES.preview.lifecycle.logRetentionDays, after: 1 }]],
        ["aws_s3_bucket_versioning", "update", [{ path: "versioning_configuration[0].status", before: "Enabled", after: "Suspended" }]],
        ["aws_ssm_parameter", "delete", []],
        ["aws_vpc", "update", [{ path: "tags.owner", before: "octocat", after: "mallory" }]],
      ].sort(),
    );
  });

  it("--fix shows the plan that restores the declared configuration, applies it, and exits 0", () => {
    expect({ code: fixed.code, output: fixed.code === 0 ? "" : tail(fixed) }).toEqual({ code: 0, output: "" });
    expect(fixed.stdout).toContain("plan that restores env-pr-7:");
    expect(fixed.stdout).toMatch(/Plan: 1 to add, 3 to change, 0 to destroy/);
    expect(fixed.stdout).toContain("drift corrected: the declared configuration is applied");
  });

  it("after the fix, drift reports none, and the API shows the declared configuration again", async () => {
    expect({ code: after.code, output: after.code === 0 ? "" : tail(after) }).toEqual({ code: 0, output: "" });
    expect(after.stdout).toContain("pr-7 (preview): no drift");
    const vpc = (await aws().ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: [`${ORG}-pr-7`] }] }))).Vpcs![0];
    expect(vpc.Tags?.find((t) => t.Key === "owner")?.Value).toBe("octocat");
    const group = (await aws().logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/${ORG}/pr-7/app` }))).logGroups?.[0];
    expect(group?.retentionInDays).toBe(TIER_PROFILES.preview.lifecycle.logRetentionDays);
    expect((await aws().s3.send(new GetBucketVersioningCommand({ Bucket: `${ORG}-pr-7-data` }))).Status).toBe("Enabled");
    expect((await aws().ssm.send(new GetParameterCommand({ Name: `/${ORG}/pr-7/storage/data-bucket`, WithDecryption: true }))).Parameter?.Value).toBe(`${ORG}-pr-7-data`);
  });

  it("refuses an unknown environment with exit 2, running nothing", async () => {
    const result = await projects["pr-7"].envctl(["drift", "pr-99"], emulators["pr-7"]);
    expect([result.code, result.output]).toEqual([2, expect.stringContaining("unknown environment pr-99")]);
  });
});

describe("an expired preview: its own deploy is refused, the reaper destroys it and nothing else", () => {
  const project = () => projects["pr-7"];
  const emulator = () => emulators["pr-7"];
  const statePath = (env: string) => join(project().dir, "terraform-state", `env-${env}.tfstate`);
  const stateHashes = () => Object.fromEntries(PERSISTENT.map((env) => [env, createHash("sha256").update(readFileSync(statePath(env))).digest("hex")]));
  const runs = {} as Record<"deploy" | "plan" | "dryRun" | "renew" | "afterRenew" | "reap", RunResult>;
  let hashesBefore: Record<string, string>;
  let dataObjects = 0;
  beforeAll(async () => {
    // The operations checkout sees every environment's state, as with one shared backend: the reaper could reach them all.
    for (const env of PERSISTENT) copyFileSync(join(projects[env].dir, "terraform-state", `env-${env}.tfstate`), statePath(env));
    hashesBefore = stateHashes();
    // Two days pass: the record now says the preview was created 49 hours ago and expired an hour ago.
    const now = new Date();
    writeFileSync(recordPath(), JSON.stringify({ ...previewRecord(), createdAt: formatUtc(addHours(now, -49)), expiresAt: formatUtc(addHours(now, -1)) }, null, 2));
    runs.deploy = await project().cdktf(["deploy", "env-pr-7", "--auto-approve", "--skip-provider-lock"], emulator());
    // The cdktf CLI cuts long plan output short and may not print Terraform's last diagnostic; Terraform's own plan shows the message.
    runs.plan = await project().terraform("env-pr-7", ["plan", "-input=false", "-no-color", "-lock=false"], emulator());
    await putObject(clientsFor(emulator()), `${ORG}-pr-7-data`, "reports/2026-12-01.csv", "id,total\n1,42\n");
    dataObjects = await objectCount(clientsFor(emulator()), `${ORG}-pr-7-data`);
    runs.dryRun = await project().envctl(["reap", "--format", "json"], emulator());
    runs.renew = await project().envctl(["renew", "pr-7", "--for", "48h"], emulator());
    runs.afterRenew = await project().envctl(["reap", "--yes", "--format", "json"], emulator());
    void startDevDestroy();
    runs.reap = await project().envctl(["reap", "--yes", "--now", formatUtc(addHours(new Date(), 49)), "--format", "json"], emulator());
  }, 400_000);

  it("refuses the expired preview's deploy, saying how to renew or destroy it, and changes nothing", async () => {
    expect(runs.deploy.code).not.toBe(0);
    expect(runs.deploy.output).toContain("Terraform planned the following actions, but then encountered a problem");
    expect(runs.plan.code).not.toBe(0);
    // Terraform wraps its diagnostics to the terminal's width.
    const text = runs.plan.output.replace(/\s+/g, " ");
    expect(text).toMatch(/Resource precondition failed .*Environment pr-7 expired at \S+, so its deploy is refused \(other environments are not affected\)\. Renew it with `envctl renew pr-7 --for 48h` and deploy again, or destroy it with `cdktf destroy env-pr-7` \(a destroy is never refused\)/);
    expect(runs.deploy.output).not.toMatch(/Apply complete/);
  });

  it("the dry run names the expired preview and keeps every other environment, with its reason", () => {
    expect(runs.dryRun.code).toBe(0);
    const report = JSON.parse(runs.dryRun.stdout);
    expect(report.dryRun).toBe(true);
    expect(report.expired.map((e: { name: string; stacks: string[] }) => [e.name, e.stacks])).toEqual([["pr-7", ["env-pr-7"]]]);
    expect(Object.fromEntries(report.skipped.map((s: { name: string; reason: string }) => [s.name, s.reason]))).toEqual({
      dev: "persistent",
      test: "persistent",
      staging: expect.stringContaining("deletion protection is on"),
      prod: "prod is never reaped",
    });
  });

  it("once renewed, the preview is skipped: nothing is destroyed", () => {
    expect(runs.renew).toMatchObject({ code: 0, stdout: expect.stringContaining("pr-7 now expires at") });
    expect(runs.afterRenew.code).toBe(0);
    const report = JSON.parse(runs.afterRenew.stdout);
    expect([report.expired, report.destroyed]).toEqual([[], []]);
    expect(report.skipped).toContainEqual({ name: "pr-7", reason: "not expired: 2d left" });
  });

  it("past the renewed expiry, --yes destroys the preview through Terraform (its expired guard does not stop a destroy): nothing of it remains", async () => {
    expect({ code: runs.reap.code, output: runs.reap.code === 0 ? "" : tail(runs.reap) }).toEqual({ code: 0, output: "" });
    expect(JSON.parse(runs.reap.stdout)).toMatchObject({ dryRun: false, destroyed: ["pr-7"], failed: [] });
    expect(dataObjects).toBeGreaterThan(0);
    expect(await leftovers(clientsFor(emulator()), names("pr-7"))).toEqual([]);
    expect(existsSync(recordPath())).toBe(false);
    const log = readFileSync(join(project().dir, "terraform-state", "lifecycle", "reap.log"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(log).toEqual([expect.objectContaining({ environment: "pr-7", outcome: "destroyed", stacks: ["env-pr-7"] })]);
  });

  it("dev, staging and prod are untouched: their states are unchanged, the log names only the preview, staging and prod answer", async () => {
    // The reaper reaches an environment only through its state in this checkout: a destroy would have rewritten it.
    expect(stateHashes()).toEqual(hashesBefore);
    for (const env of PROTECTED) {
      const aws = clientsFor(emulators[env]);
      expect((await aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "tag:Name", Values: [`${ORG}-${env}`] }] }))).Vpcs).toHaveLength(1);
      expect((await aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: `${ORG}-${env}` }))).DBInstances?.[0]?.DBInstanceStatus).toBe("available");
    }
  });
});

describe("cdktf destroy against the emulator", () => {
  let dev: RunResult;
  let devObjects: { data: number; logs: number };
  let refused: Awaited<ReturnType<typeof startRefusedDestroys>>;
  beforeAll(async () => {
    const [devRun, refusedRuns] = await Promise.all([startDevDestroy(), startRefusedDestroys()]);
    [dev, devObjects, refused] = [devRun.destroy, devRun.objects, refusedRuns];
  }, 400_000);

  it("env-dev held data and delivered access logs before the destroy", () => {
    expect(devObjects.data).toBeGreaterThan(0);
    expect(devObjects.logs).toBeGreaterThan(0);
  });

  it("env-dev: destroys everything, bucket contents included, and leaves nothing behind", async () => {
    expect({ code: dev.code, output: dev.code === 0 ? "" : tail(dev) }).toEqual({ code: 0, output: "" });
    expect(await leftovers(clientsFor(emulators.dev), names("dev"))).toEqual([]);
  });

  it.each(PROTECTED)("env-%s: refuses to destroy its data, names what protects it, and deletes nothing", async (env) => {
    const { destroy, plan, objects } = refused[env];
    expect(destroy.code).not.toBe(0);
    expect(destroy.output).not.toMatch(/Destroy complete/);
    expect(plan.code).not.toBe(0);
    expect(plan.output.replace(/\s+/g, " ")).toMatch(/Instance cannot be destroyed .* lifecycle\.prevent_destroy/);
    const aws = clientsFor(emulators[env]);
    const db = (await aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: `${ORG}-${env}` }))).DBInstances?.[0];
    expect([db?.DBInstanceStatus, db?.DeletionProtection]).toEqual(["available", true]);
    expect(((await aws.s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name).sort()).toEqual([`${ORG}-${env}-access-logs`, `${ORG}-${env}-data`]);
    expect(objects).toBeGreaterThan(0);
    expect(await objectCount(aws, `${ORG}-${env}-data`)).toBe(objects);
  });
});
