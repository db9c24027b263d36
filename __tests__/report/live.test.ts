/**
 * envctl report --live reads health through the AWS API and drift through
 * Terraform, as envctl status and drift do, here against the local AWS API
 * (moto, as `envctl emulator start` runs it) with nothing deployed yet.
 */
import { EXIT } from "../../lib/core/errors";
import type { EstateReport } from "../../controller/report/model";
import { startEmulator, type Emulator } from "../emulator/moto";
import { envctl, NOW, reportProject } from "./estate";

describe("envctl report --live", () => {
  // Only the environments read live are synthesized.
  const project = reportProject({ only: "dev,prod" });
  let emulator: Emulator;
  const saved = { ...process.env };
  beforeAll(async () => {
    emulator = await startEmulator("111111111111");
    Object.assign(process.env, emulator.env);
  });
  afterAll(async () => {
    for (const key of Object.keys(emulator?.env ?? {})) if (saved[key] === undefined) delete process.env[key];
    Object.assign(process.env, saved);
    await emulator?.stop();
  });

  it("reads each environment's health from the API and its drift from its state, and says both were read live", async () => {
    const result = await envctl(project.dir, ["report", "dev", "prod", "--live", "--format", "json"]);
    expect(result.code).toBe(EXIT.ok);
    // Their progress, as envctl status and drift show it.
    expect(result.stderr).toMatch(/dev: checking through the AWS API[\s\S]*dev: reading drift \(terraform plan -refresh-only\)/);
    const report = JSON.parse(result.stdout) as EstateReport;
    expect(report.healthSource).toBe(`read live at ${NOW.toISOString().replace(".000Z", "Z")}`);
    expect(report.driftSource).toBe(report.healthSource);
    const [dev, prod] = report.environments;
    // Nothing is deployed: dev's account answers, and its VPC is missing; prod lives in another account.
    expect(dev.health).toMatchObject({ healthy: false, failed: expect.arrayContaining([expect.objectContaining({ component: "vpc" })]) });
    expect(prod.health!.failed).toEqual([expect.objectContaining({ component: "account", detail: expect.stringContaining("the credentials are for account 111111111111, but environment prod lives in 444444444444") })]);
    expect(dev.drift).toMatchObject({ drifted: false, notDeployed: true });
  });

  it("fails with exit 1, naming what could not be read, when the API cannot be reached", async () => {
    const endpoint = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9";
    try {
      const result = await envctl(project.dir, ["report", "dev", "--live", "--html", "live-site"]);
      expect(result.code).toBe(EXIT.findings);
      expect(result.stderr).toMatch(/envctl status: [\s\S]*envctl report: --live: envctl status read nothing \(exit 2; its message is above\)/);
    } finally {
      process.env.AWS_ENDPOINT_URL = endpoint;
    }
  });
});
