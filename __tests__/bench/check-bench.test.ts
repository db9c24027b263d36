import { generateTerraformJson, runCheckBench } from "../../bench/check-bench";

describe("check benchmark", () => {
  it("generates the requested number of resources across the documented types", () => {
    const json = generateTerraformJson(128) as { resource: Record<string, Record<string, unknown>> };
    expect(Object.values(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0)).toBe(128);
    expect(Object.keys(json.resource).sort()).toEqual([
      "aws_cloudwatch_log_group",
      "aws_cloudwatch_metric_alarm",
      "aws_db_instance",
      "aws_ebs_snapshot",
      "aws_ebs_volume",
      "aws_iam_role",
      "aws_lambda_function",
      "aws_s3_bucket",
      "aws_s3_bucket_logging",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_versioning",
      "aws_security_group",
      "aws_sqs_queue",
    ]);
  });

  it("reports figures and the planted findings (every 10th bucket unversioned)", () => {
    const result = runCheckBench(1600);
    expect(result.resources).toBe(1600);
    expect(result.findings).toBe(10);
    // The figures are the parts of the measurement, not constants.
    expect(Math.abs(result.totalMs - (result.loadMs + result.evaluateMs))).toBeLessThanOrEqual(0.11);
    expect(Math.abs(result.resourcesPerSecond / ((1600 / result.totalMs) * 1000) - 1)).toBeLessThan(0.05);
  });
});

describe("check cost", () => {
  it("grows linearly: 8x the resources costs far less than the 64x a quadratic scan would", () => {
    const fastest = (resources: number) => Math.min(...[1, 2, 3].map(() => runCheckBench(resources).totalMs));
    fastest(2_000);
    const ratio = fastest(16_000) / fastest(2_000);
    expect(ratio).toBeLessThan(24);
  }, 60_000);
});
