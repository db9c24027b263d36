/**
 * Linear-time check of the policy engine: generates a large Terraform JSON
 * (buckets with their separate encryption, versioning and public-access-block
 * resources, security groups, databases with their alarms, log groups, and
 * the cross-resource cases: roles with inline and trust policies, queues with
 * resource policies, volumes with snapshots judged by their source, functions)
 * and times load + evaluate. `npm run bench` prints the figures; doubling the size should
 * roughly double the time.
 */
import { performance } from "node:perf_hooks";
import { evaluate, loadTerraformJson } from "../policies/engine";
import { definePolicy } from "../policies/packs";

/** Figures of one benchmark run. */
export interface CheckBenchResult {
  /** Resources in the generated configuration. */
  readonly resources: number;
  /** Time to build the stack model, in milliseconds. */
  readonly loadMs: number;
  /** Time to evaluate every prod rule, in milliseconds. */
  readonly evaluateMs: number;
  /** loadMs + evaluateMs. */
  readonly totalMs: number;
  /** Resources per second over load + evaluate. */
  readonly resourcesPerSecond: number;
  /** Findings reported (the generator makes some resources non-compliant on purpose). */
  readonly findings: number;
}

/**
 * Resources per generated group: a bucket and its four settings, a security
 * group, a database, its three alarms, a log group, a role, a queue, a volume,
 * its snapshot and a function.
 */
export const GROUP_SIZE = 16;

/** A cdktf-shaped Terraform JSON document with `resources` resources (rounded down to a multiple of GROUP_SIZE). */
export function generateTerraformJson(resources = 10_000): Record<string, unknown> {
  const groups = Math.floor(resources / GROUP_SIZE);
  const section: Record<string, Record<string, unknown>> = {};
  const add = (type: string, name: string, body: Record<string, unknown>) => ((section[type] ??= {})[name] = body);
  for (let i = 0; i < groups; i++) {
    const bucket = `bucket_${i}`;
    add("aws_s3_bucket", bucket, { bucket: `data-${i}`, "//": { metadata: { path: `env-bench/data-${i}/Resource` } } });
    add("aws_s3_bucket_server_side_encryption_configuration", bucket, {
      bucket: `\${aws_s3_bucket.${bucket}.id}`,
      rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.key.arn}" }] }],
    });
    add("aws_s3_bucket_versioning", bucket, { bucket: `\${aws_s3_bucket.${bucket}.id}`, versioning_configuration: [{ status: i % 10 === 0 ? "Suspended" : "Enabled" }] });
    const block = { bucket: `\${aws_s3_bucket.${bucket}.id}`, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };
    add("aws_s3_bucket_public_access_block", bucket, block);
    add("aws_s3_bucket_logging", bucket, { bucket: `\${aws_s3_bucket.${bucket}.id}`, target_bucket: "${aws_s3_bucket.bucket_0.id}", target_prefix: `${bucket}/` });
    add("aws_security_group", `sg_${i}`, { vpc_id: "vpc-123", ingress: [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: [i % 50 === 0 ? "0.0.0.0/0" : "10.0.0.0/8"] }] });
    add("aws_db_instance", `db_${i}`, { storage_encrypted: true, kms_key_id: "${aws_kms_key.key.arn}", backup_retention_period: 35, deletion_protection: true, publicly_accessible: false, iam_database_authentication_enabled: true, enabled_cloudwatch_logs_exports: ["postgresql"], monitoring_interval: 60, monitoring_role_arn: "${aws_iam_role.monitoring.arn}" });
    for (const metric of ["CPUUtilization", "FreeStorageSpace", "DatabaseConnections"]) {
      add("aws_cloudwatch_metric_alarm", `db_${i}_${metric}`, { namespace: "AWS/RDS", metric_name: metric, dimensions: { DBInstanceIdentifier: `\${aws_db_instance.db_${i}.identifier}` }, comparison_operator: "GreaterThanThreshold", threshold: 1, evaluation_periods: 3, period: 60, statistic: "Average" });
    }
    add("aws_cloudwatch_log_group", `logs_${i}`, { name: `/bench/${i}`, retention_in_days: 365, kms_key_id: "${aws_kms_key.key.arn}" });
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    const read = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: `\${aws_sqs_queue.queue_${i}.arn}` }] };
    add("aws_iam_role", `role_${i}`, { name: `bench-${i}`, assume_role_policy: JSON.stringify(trust), inline_policy: [{ name: "read", policy: JSON.stringify(read) }] });
    const send = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*", Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:eu-west-1:111111111111:bench" } } }] };
    add("aws_sqs_queue", `queue_${i}`, { name: `bench-${i}`, kms_master_key_id: "${aws_kms_key.key.arn}", policy: JSON.stringify(send) });
    add("aws_ebs_volume", `volume_${i}`, { availability_zone: "eu-west-1a", size: 20, encrypted: true, kms_key_id: "${aws_kms_key.key.arn}" });
    add("aws_ebs_snapshot", `snapshot_${i}`, { volume_id: `\${aws_ebs_volume.volume_${i}.id}` });
    add("aws_lambda_function", `fn_${i}`, {
      function_name: `bench-${i}`,
      role: `\${aws_iam_role.role_${i}.arn}`,
      kms_key_arn: "${aws_kms_key.key.arn}",
      tracing_config: [{ mode: "Active" }],
      dead_letter_config: [{ target_arn: `\${aws_sqs_queue.queue_${i}.arn}` }],
      environment: [{ variables: { QUEUE_URL: `\${aws_sqs_queue.queue_${i}.url}`, LOG_LEVEL: "info" } }],
    });
  }
  const tags = { environment: "bench", tier: "prod", owner: "platform", "cost-centre": "cc-1", "managed-by": "cdktf-envkit", lifecycle: "persistent" };
  return { provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags }] }] }, resource: section };
}

/** Generates, loads and evaluates; returns the timings. */
export function runCheckBench(resources = 10_000, now = new Date("2026-01-01T00:00:00Z")): CheckBenchResult {
  const json = generateTerraformJson(resources);
  const started = performance.now();
  const stack = loadTerraformJson(json, { stackName: "env-bench", now });
  const loaded = performance.now();
  const report = evaluate(definePolicy(), [stack], { now });
  const done = performance.now();
  const totalMs = done - started;
  return {
    resources: stack.resources.length,
    loadMs: round(loaded - started),
    evaluateMs: round(done - loaded),
    totalMs: round(totalMs),
    resourcesPerSecond: Math.round(stack.resources.length / (totalMs / 1000)),
    findings: report.findings.length,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
