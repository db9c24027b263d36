import { DeleteParameterCommand } from "@aws-sdk/client-ssm";
import { DeletePublicAccessBlockCommand } from "@aws-sdk/client-s3";
import { DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { ListBucketsCommand } from "@aws-sdk/client-s3";
import { DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { formatUtc } from "../../lib/core/time";
import { TIER_PROFILES } from "../../lib/core/tiers";
import { ENVIRONMENTS } from "../../main";
import { clientsFor, inspectEnvironment, leftovers, objectCount, putObject } from "./inspect";
import { startEmulator, type Emulator } from "./moto";
import { emulatorProject, type EmulatorProject, type RunResult } from "./project";

/**
 * Every environment is proven by a real deploy: `cdktf deploy` of dev,
 * staging and a preview against a local AWS API (moto), each in its own
 * account, checked through the AWS SDK, health-checked with `envctl status`,
 * damaged and found unhealthy, then destroyed (dev, preview) or refused
 * (staging). The deploys run in parallel: a database takes minutes to create
 * through the provider's waiters.
 */
const ORG = "acme";
const ACCOUNTS = { dev: "111111111111", staging: "333333333333", "pr-7": "555555555555", stranger: "999999999999" } as const;
type Deployed = "dev" | "staging" | "pr-7";
const DEPLOYED: readonly Deployed[] = ["dev", "staging", "pr-7"];
const names = (env: string) => ({ prefix: `${ORG}-${env}`, org: ORG, env });

const emulators = {} as Record<keyof typeof ACCOUNTS, Emulator>;
const projects = {} as Record<Deployed | "guard", EmulatorProject>;
const deploys = {} as Record<Deployed | "guard", RunResult>;
const createdAt = formatUtc(new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000));

/** The command output, for a failed expectation. */
const tail = (r: RunResult) => r.output.split("\n").slice(-40).join("\n");

beforeAll(async () => {
  for (const [env, account] of Object.entries(ACCOUNTS)) emulators[env as keyof typeof ACCOUNTS] = await startEmulator(account);
  for (const env of [...DEPLOYED, "guard"] as const) projects[env] = emulatorProject(createdAt);
  const runs = [
    ...DEPLOYED.map(async (env) => (deploys[env] = await projects[env].cdktf(["deploy", `env-${env}`, "--auto-approve", "--skip-provider-lock"], emulators[env]))),
    (async () => (deploys.guard = await projects.guard.cdktf(["deploy", "env-dev", "--auto-approve", "--skip-provider-lock"], emulators.stranger)))(),
  ];
  await Promise.all(runs);
}, 540_000);

afterAll(async () => {
  await Promise.all(Object.values(emulators).map((e) => e?.stop()));
});

describe("cdktf deploy against the emulator, exactly as a user runs it", () => {
  it.each(DEPLOYED)("env-%s deploys from a clean cdktf.out", (env) => {
    expect({ code: deploys[env].code, output: deploys[env].code === 0 ? "" : tail(deploys[env]) }).toEqual({ code: 0, output: "" });
    expect(deploys[env].output).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
  });
});

describe("the deployed environments, through the AWS API", () => {
  const spec = (env: Deployed) => (env === "pr-7" ? { tier: "preview" as const, cidr: "10.99.0.0/20" } : { tier: ENVIRONMENTS.find((e) => e.name === env)!.tier, cidr: ENVIRONMENTS.find((e) => e.name === env)!.cidr });
  const inspected = {} as Record<Deployed, Awaited<ReturnType<typeof inspectEnvironment>>>;
  beforeAll(async () => {
    for (const env of DEPLOYED) inspected[env] = await inspectEnvironment(clientsFor(emulators[env]), names(env));
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
    const config = ENVIRONMENTS.find((e) => e.name === env)?.config ?? {};
    for (const [k, v] of Object.entries(config)) expect(byName[`/${ORG}/${env}/${k}`]?.Value).toBe(v);
  });

  it.each(DEPLOYED)("env-%s: every taggable resource carries environment, tier, owner (and expires-at when ephemeral)", (env) => {
    const { tagged } = inspected[env];
    expect(tagged.length).toBeGreaterThan(25);
    const ephemeral = env === "pr-7";
    const missing = tagged.filter(({ tags }) => tags.environment !== env || tags.tier !== spec(env).tier || !tags.owner || (ephemeral ? !tags["expires-at"] || !tags["created-at"] : "expires-at" in tags));
    expect(missing.map((m) => `${m.resource}: ${JSON.stringify(m.tags)}`)).toEqual([]);
  });

  it("a plan right after the deploy has nothing to do (what the API reports reads back as declared)", async () => {
    const diff = await projects.dev.cdktf(["diff", "env-dev", "--skip-provider-lock"], emulators.dev);
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

describe("envctl status, through the AWS API", () => {
  it.each(DEPLOYED)("reports env-%s healthy (exit 0)", async (env) => {
    const result = await projects[env].envctl(["status", env, "--format", "json"], emulators[env]);
    expect({ code: result.code, output: result.code === 0 ? "" : result.output }).toEqual({ code: 0, output: "" });
    const report = JSON.parse(result.output.slice(result.output.indexOf("{")));
    expect(report.environments[0]).toMatchObject({ name: env, healthy: true });
    expect(report.environments[0].checks.map((c: { component: string }) => c.component)).toEqual(expect.arrayContaining(["vpc", "subnets", "nat", "flow-logs", "key", "bucket", "database", "log-group", "parameters"]));
  });

  it("reports a damaged environment unhealthy (exit 1), saying what is wrong", async () => {
    const aws = clientsFor(emulators.dev);
    await aws.ssm.send(new DeleteParameterCommand({ Name: `/${ORG}/dev/log-level` }));
    await aws.s3.send(new DeletePublicAccessBlockCommand({ Bucket: `${ORG}-dev-data` }));
    const result = await projects.dev.envctl(["status", "dev"], emulators.dev);
    expect(result.code).toBe(1);
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

describe("cdktf destroy against the emulator", () => {
  const destroys = {} as Record<Deployed, RunResult>;
  const objectsBefore = {} as Record<Deployed, { data: number; logs: number }>;
  beforeAll(async () => {
    // The application's data, written as an application writes it; access logs are delivered by the emulator, as by AWS.
    for (const env of DEPLOYED) await putObject(clientsFor(emulators[env]), `${ORG}-${env}-data`, "reports/2026-12-01.csv", "id,total\n1,42\n");
    for (const env of DEPLOYED) {
      const aws = clientsFor(emulators[env]);
      objectsBefore[env] = { data: await objectCount(aws, `${ORG}-${env}-data`), logs: await objectCount(aws, `${ORG}-${env}-access-logs`) };
    }
    await Promise.all(DEPLOYED.map(async (env) => (destroys[env] = await projects[env].cdktf(["destroy", `env-${env}`, "--auto-approve", "--skip-provider-lock"], emulators[env]))));
  }, 400_000);

  it.each(DEPLOYED)("env-%s held data and delivered access logs before the destroy", (env) => {
    expect(objectsBefore[env].data).toBeGreaterThan(0);
    expect(objectsBefore[env].logs).toBeGreaterThan(0);
  });

  it.each(["dev", "pr-7"] as const)("env-%s: destroys everything, bucket contents included, and leaves nothing behind", async (env) => {
    expect({ code: destroys[env].code, output: destroys[env].code === 0 ? "" : tail(destroys[env]) }).toEqual({ code: 0, output: "" });
    expect(await leftovers(clientsFor(emulators[env]), names(env))).toEqual([]);
  });

  it("env-staging: refuses to destroy its data, names what protects it, and deletes nothing", async () => {
    expect(destroys.staging.code).not.toBe(0);
    expect(destroys.staging.output).toMatch(/lifecycle\.prevent_destroy/);
    const aws = clientsFor(emulators.staging);
    const db = (await aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: `${ORG}-staging` }))).DBInstances?.[0];
    expect([db?.DBInstanceStatus, db?.DeletionProtection]).toEqual(["available", true]);
    expect(((await aws.s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name).sort()).toEqual([`${ORG}-staging-access-logs`, `${ORG}-staging-data`]);
    expect(await objectCount(aws, `${ORG}-staging-data`)).toBe(objectsBefore.staging.data);
  });
});
