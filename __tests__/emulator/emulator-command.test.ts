import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { BudgetsClient, CreateBudgetCommand, DescribeSubscribersForNotificationCommand, ListTagsForResourceCommand, CreateSubscriberCommand, DescribeNotificationsForBudgetCommand } from "@aws-sdk/client-budgets";
import { CreateDBInstanceCommand, CreateDBParameterGroupCommand, DescribeDBInstancesCommand, DescribeDBParametersCommand, ModifyDBParameterGroupCommand, RDSClient } from "@aws-sdk/client-rds";
import { AllocateAddressCommand, CreateNatGatewayCommand, CreateSubnetCommand, CreateVpcCommand, DescribeNatGatewaysCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateBucketCommand, PutBucketLoggingCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { lifecycleProject } from "../lifecycle/helpers";
import { startEmulator, type Emulator } from "./moto";

const ENVCTL = resolve(__dirname, "../../dist/controller/cli/main.js");
const exec = promisify(execFile);

/** `envctl <args>` as a process in `cwd`; never rejects. */
async function envctl(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [ENVCTL, ...args], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A process that runs (not exited, not a zombie awaiting its parent). */
function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return existsSync(`/proc/${pid}/stat`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
}

const scratch = () => mkdtempSync(join(tmpdir(), "envkit-emu-cmd-"));
const sdk = (emulator: Emulator) => ({ endpoint: emulator.endpoint, region: "eu-west-1", credentials: { accessKeyId: "testing", secretAccessKey: "testing" } });

describe("envctl emulator start / env / stop", () => {
  it("starts a server for the account, prints the shell lines that reach it, reuses it, and stops exactly it", async () => {
    const dir = scratch();
    const start = await envctl(["emulator", "start", "--account", "111111111111", "--region", "eu-west-1"], dir);
    expect(start.code).toBe(0);
    const endpoint = /^export AWS_ENDPOINT_URL=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(start.stdout)?.[1];
    expect(endpoint).toBeDefined();
    expect(start.stdout).toMatch(/^# account 111111111111: moto 5\.2\.\d+ with cdktf-envkit's corrections at http:\/\/127\.0\.0\.1:\d+, started/m);
    for (const line of ["export AWS_ACCESS_KEY_ID=testing", "export AWS_SECRET_ACCESS_KEY=testing", "export AWS_REGION=eu-west-1"]) expect(start.stdout).toContain(line);
    // Every line is a comment or an export: `eval "$(npx envctl emulator start ...)"` runs nothing else.
    expect(
      start.stdout
        .trim()
        .split("\n")
        .every((l) => l.startsWith("# ") || l.startsWith("export "))
    ).toBe(true);

    const identity = await new STSClient({ endpoint, region: "eu-west-1", credentials: { accessKeyId: "testing", secretAccessKey: "testing" } }).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe("111111111111");

    const again = await envctl(["emulator", "start", "--account", "111111111111"], dir);
    expect(again.stdout).toContain(`at ${endpoint}, already running`);
    expect((await envctl(["emulator", "env"], dir)).stdout).toContain(`export AWS_ENDPOINT_URL=${endpoint}`);

    const { pid } = JSON.parse(readFileSync(join(dir, ".envctl", "emulators.json"), "utf8")).emulators[0];
    const stop = await envctl(["emulator", "stop"], dir, { ...process.env, AWS_ENDPOINT_URL: endpoint });
    expect(stop).toMatchObject({ code: 0, stdout: expect.stringContaining(`# stopped the emulator of account 111111111111 at ${endpoint}`) });
    expect(stop.stdout).toMatch(/^unset AWS_ENDPOINT_URL /m);
    expect(processRunning(pid)).toBe(false);
    expect(existsSync(join(dir, ".envctl", "emulators.json"))).toBe(false);
    expect((await envctl(["emulator", "stop"], dir)).stdout).toBe("# no emulator was running for this project\n");
  }, 60_000);

  it("defaults to the accounts and region of the synthesized environments, and asks for an account without them", async () => {
    const project = lifecycleProject();
    expect(await envctl(["emulator", "start"], project.dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("name the account to emulate with --account <12 digits>") });
    project.synth(new Date("2026-12-01T00:00:00Z"));
    const start = await envctl(["emulator", "start", "--format", "json"], project.dir);
    try {
      expect(start.code).toBe(0);
      const emulators = JSON.parse(start.stdout).emulators as { account: string; region: string; env: Record<string, string> }[];
      expect(emulators.map((e) => [e.account, e.region])).toEqual([
        ["111111111111", "eu-west-1"],
        ["444444444444", "eu-west-1"],
      ]);
      expect(emulators[0].env.AWS_REGION).toBe("eu-west-1");
    } finally {
      expect((await envctl(["emulator", "stop"], project.dir)).stdout.split("\n").filter((l) => l.startsWith("# stopped"))).toHaveLength(2);
    }
  }, 60_000);

  it("rejects an account that is not 12 digits (exit 2), and a stop of an account it never started", async () => {
    const dir = scratch();
    expect(await envctl(["emulator", "start", "--account", "1234", "--account", "x"], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('--account "1234", "x": an AWS account id is 12 digits') });
    expect(await envctl(["emulator", "stop", "--account", "111111111111"], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("no emulator of account 111111111111 was started here") });
    expect(await envctl(["emulator", "env"], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("no emulator runs for this project") });
  });

  it("says exactly what to install when Python is missing, or when it has no moto (exit 1)", async () => {
    const dir = scratch();
    const missing = await envctl(["emulator", "start", "--account", "111111111111", "--python", join(dir, "no-such-python")], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Install Python 3 (on Debian: apt-get install -y python3 python3-pip), then pip install "moto[server]==5.2.1"');
    const bare = join(dir, "python-without-moto");
    writeFileSync(bare, "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'moto'\" >&2\nexit 1\n");
    chmodSync(bare, 0o755);
    const noMoto = await envctl(["emulator", "start", "--account", "111111111111", "--python", bare], dir);
    expect(noMoto.code).toBe(1);
    expect(noMoto.stderr).toContain(`${bare} has no moto server (ModuleNotFoundError: No module named 'moto'). Install it for that Python: ${bare} -m pip install "moto[server]==5.2.1"`);
    expect(existsSync(join(dir, ".envctl", "emulators.json"))).toBe(false);
  });
});

/**
 * Each correction of the shipped launcher, proven: moto as released
 * (`--no-corrections`) answers differently from AWS, and the corrected
 * emulator answers as AWS documents.
 */
describe("the launcher's corrections of moto 5.2.1, each proven against moto as released", () => {
  let plain: Emulator;
  let corrected: Emulator;
  beforeAll(async () => {
    [plain, corrected] = await Promise.all([startEmulator("111111111111", "eu-west-1", { plain: true }), startEmulator("111111111111")]);
  }, 60_000);
  afterAll(() => Promise.all([plain?.stop(), corrected?.stop()]));

  const both = <T>(fn: (emulator: Emulator) => Promise<T>) => Promise.all([fn(plain).catch((e: Error) => e), fn(corrected).catch((e: Error) => e)]);

  it('S3: logging into a bucket whose policy has a statement with the principal "*" (a TLS-only deny) is accepted, as AWS does', async () => {
    const [before, after] = await both(async (emulator) => {
      const s3 = new S3Client({ ...sdk(emulator), forcePathStyle: true });
      await s3.send(new CreateBucketCommand({ Bucket: "logs", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
      await s3.send(new CreateBucketCommand({ Bucket: "data", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
      const policy = {
        Version: "2012-10-17",
        Statement: [
          { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } },
          { Sid: "S3ServerAccessLogsPolicy", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::logs/*" },
        ],
      };
      await s3.send(new PutBucketPolicyCommand({ Bucket: "logs", Policy: JSON.stringify(policy) }));
      return (await s3.send(new PutBucketLoggingCommand({ Bucket: "data", BucketLoggingStatus: { LoggingEnabled: { TargetBucket: "logs", TargetPrefix: "data/" } } }))).$metadata.httpStatusCode;
    });
    expect((before as Error & { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(500);
    expect(after).toBe(200);
  });

  it('RDS: parameters a user set are read back with the source "user", which the provider keeps', async () => {
    const [before, after] = await both(async (emulator) => {
      const rds = new RDSClient(sdk(emulator));
      await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: "pg16", DBParameterGroupFamily: "postgres16", Description: "tls" }));
      await rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: "pg16", Parameters: [{ ParameterName: "rds.force_ssl", ParameterValue: "1", ApplyMethod: "immediate" }] }));
      return (await rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: "pg16" }))).Parameters?.find((p) => p.ParameterName === "rds.force_ssl")?.Source;
    });
    expect([before, after]).toEqual([undefined, "user"]);
  });

  it("RDS: each instance keeps its Enhanced Monitoring interval and gets a resource id of its own", async () => {
    const [before, after] = await both(async (emulator) => {
      const rds = new RDSClient(sdk(emulator));
      for (const id of ["one", "two"]) {
        await rds.send(
          new CreateDBInstanceCommand({
            DBInstanceIdentifier: id,
            DBInstanceClass: "db.t4g.micro",
            Engine: "postgres",
            AllocatedStorage: 20,
            MasterUsername: "app",
            MasterUserPassword: "not-a-secret-1",
            MonitoringInterval: 60,
            MonitoringRoleArn: "arn:aws:iam::111111111111:role/monitoring",
          })
        );
      }
      const instances = (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances ?? [];
      return { intervals: instances.map((i) => i.MonitoringInterval ?? 0), distinctIds: new Set(instances.map((i) => i.DbiResourceId)).size, pattern: instances.every((i) => /^db-[A-Z0-9]{26}$/.test(i.DbiResourceId ?? "")) };
    });
    expect(before).toEqual({ intervals: [0, 0], distinctIds: 1, pattern: true });
    expect(after).toEqual({ intervals: [60, 60], distinctIds: 2, pattern: true });
  });

  it("EC2: a CreateNatGateway sent again with its ClientToken answers the NAT gateway it created, as AWS does, instead of a second one on the same address", async () => {
    const [before, after] = await both(async (emulator) => {
      const ec2 = new EC2Client(sdk(emulator));
      const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId;
      const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: "10.0.0.0/24" }))).Subnet!.SubnetId;
      const other = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: "10.0.1.0/24" }))).Subnet!.SubnetId;
      const address = (await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }))).AllocationId;
      const create = (subnetId = subnet) =>
        ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: address, ClientToken: "terraform-20261206" })).then(
          (r) => r.NatGateway!.NatGatewayId!,
          (e: Error) => e.name
        );
      const [first, again, otherSubnet] = [await create(), await create(), await create(other)];
      const count = (await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways?.length;
      return { sameAnswer: first === again, again: again.startsWith("nat-") ? "a NAT gateway" : again, otherSubnet, count };
    });
    expect(before).toEqual({ sameAnswer: false, again: "Resource.AlreadyAssociated", otherSubnet: "Resource.AlreadyAssociated", count: 1 });
    expect(after).toEqual({ sameAnswer: true, again: "a NAT gateway", otherSubnet: "IdempotentParameterMismatch", count: 1 });
  });

  it("a change the SDK sends again (a later attempt of the same invocation) gets the answer it did not read, not a second change; a new invocation is a change of its own", async () => {
    const [before, after] = await both(async (emulator) => {
      // SSM PutParameter as the SDK sends it: its invocation id, and which attempt this is.
      const put = (invocation: string, attempt: number) =>
        fetch(emulator.endpoint, {
          method: "POST",
          headers: {
            "content-type": "application/x-amz-json-1.1",
            "x-amz-target": "AmazonSSM.PutParameter",
            authorization: "AWS4-HMAC-SHA256 Credential=testing/20261206/eu-west-1/ssm/aws4_request, SignedHeaders=host, Signature=0",
            "amz-sdk-invocation-id": invocation,
            "amz-sdk-request": `attempt=${attempt}; max=25`,
          },
          body: JSON.stringify({ Name: "/acme/dev/log-level", Value: "info", Type: "String" }),
        }).then(async (r) => `${r.status} ${(await r.text()).includes("ParameterAlreadyExists") ? "ParameterAlreadyExists" : ""}`.trim());
      return { first: await put("3f0b6c1e-invocation-1", 1), again: await put("3f0b6c1e-invocation-1", 2), another: await put("9a7d2e40-invocation-2", 1) };
    });
    expect(before).toEqual({ first: "200", again: "400 ParameterAlreadyExists", another: "400 ParameterAlreadyExists" });
    expect(after).toEqual({ first: "200", again: "200", another: "400 ParameterAlreadyExists" });
  });

  it("Budgets: a notification's subscribers and the budget's tags can be read, added and are found by the notification's identity", async () => {
    const notification = { NotificationType: "ACTUAL" as const, ComparisonOperator: "GREATER_THAN" as const, Threshold: 80, ThresholdType: "PERCENTAGE" as const };
    const [before, after] = await both(async (emulator) => {
      const budgets = new BudgetsClient({ ...sdk(emulator), region: "us-east-1" });
      const attempt = <T>(call: () => Promise<T>) => call().catch((e: Error & { $metadata?: { httpStatusCode?: number } }) => ({ failed: e.name === "NotFoundException" ? e.name : e.$metadata?.httpStatusCode ?? e.name }));
      await budgets.send(
        new CreateBudgetCommand({
          AccountId: "111111111111",
          Budget: { BudgetName: "acme-dev", BudgetType: "COST", TimeUnit: "MONTHLY", BudgetLimit: { Amount: "300", Unit: "USD" } },
          NotificationsWithSubscribers: [{ Notification: notification, Subscribers: [{ SubscriptionType: "EMAIL", Address: "platform@example.com" }] }],
          ResourceTags: [{ Key: "environment", Value: "dev" }],
        })
      );
      // The provider sends the notification without ThresholdType when it is the default.
      const { ThresholdType: _default, ...withoutType } = notification;
      const added = await attempt(() =>
        budgets.send(new CreateSubscriberCommand({ AccountId: "111111111111", BudgetName: "acme-dev", Notification: withoutType, Subscriber: { SubscriptionType: "EMAIL", Address: "oncall@example.com" } })).then(() => "added")
      );
      const subscribers = await attempt(async () => (await budgets.send(new DescribeSubscribersForNotificationCommand({ AccountId: "111111111111", BudgetName: "acme-dev", Notification: notification }))).Subscribers?.map((s) => s.Address));
      const tags = await attempt(async () => (await budgets.send(new ListTagsForResourceCommand({ ResourceARN: "arn:aws:budgets::111111111111:budget/acme-dev" }))).ResourceTags);
      const missing = await attempt(async () => budgets.send(new DescribeNotificationsForBudgetCommand({ AccountId: "111111111111", BudgetName: "no-such-budget" })));
      return { added, subscribers, tags, missing };
    });
    // moto as released answers HTTP 500 (its log: "The ... action has not been implemented"), and the provider retries it for minutes.
    expect(before).toEqual({ added: { failed: 500 }, subscribers: { failed: 500 }, tags: { failed: 500 }, missing: { failed: 500 } });
    expect(plain.serverErrors().join("\n")).toContain("NotImplementedError: The describe_subscribers_for_notification action has not been implemented");
    expect(after).toEqual({ added: "added", subscribers: ["platform@example.com", "oncall@example.com"], tags: [{ Key: "environment", Value: "dev" }], missing: { failed: "NotFoundException" } });
  });
});
