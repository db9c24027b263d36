import { Construct } from "constructs";
import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { TierAlarms } from "../core/alarms";

/** Budget alerts: at these shares of the monthly limit, actual spend notifies. */
export const BUDGET_ALERT_PERCENTS = Object.freeze([80, 100] as const);

/** Props of `Monitoring`. */
export interface MonitoringProps {
  /** Name prefix, `<org>-<env>`. */
  readonly prefix: string;
  /** The environment's name: its budget counts the costs tagged `environment=<name>`. */
  readonly environment: string;
  /** Region of the metrics the dashboard shows. */
  readonly region: string;
  /** Account whose services may publish to the topic. @default - any account's alarms and budgets may not; only the topic owner */
  readonly account?: string;
  /** Key that encrypts the alert topic; its policy must let CloudWatch and AWS Budgets use it (see `EncryptionKey`). */
  readonly kmsKeyArn: string;
  /** Who receives alerts (email subscriptions of the topic, confirmed by each recipient). */
  readonly alertEmails: readonly string[];
  /** Monthly budget in USD. */
  readonly monthlyBudgetUsd: number;
  /** Thresholds, periods and whether alarms notify (see `TIER_ALARMS`). */
  readonly alarms: TierAlarms;
  /** The database instance to watch. */
  readonly database: { readonly identifier: string; readonly allocatedStorageGiB: number };
  /** NAT gateways to watch, by name (a zone). */
  readonly natGateways: readonly { readonly name: string; readonly id: string }[];
  /** A log group that receives logs continuously (flow logs): no incoming events means delivery stopped. */
  readonly deliveryLogGroup?: string;
}

/**
 * The environment's alerting: an encrypted SNS topic with the owners' email
 * subscriptions; an AWS Budgets budget at the tier's monthly limit, alerting
 * the topic at 80% and 100% of actual spend and at 100% of the forecast;
 * CloudWatch alarms on the database (CPU, free storage, connections), the NAT
 * gateways (port allocation errors) and log delivery, with thresholds from the
 * tier (they notify the topic in staging and prod, and only change state
 * below); and a dashboard of the same metrics.
 */
export class Monitoring extends Construct {
  readonly topic: SnsTopic;
  readonly budget: BudgetsBudget;
  readonly alarms: CloudwatchMetricAlarm[] = [];
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { alarms: settings } = props;
    this.topic = new SnsTopic(this, "topic", { name: `${props.prefix}-alerts`, kmsMasterKeyId: props.kmsKeyArn });
    const publishers = new DataAwsIamPolicyDocument(this, "topic-publishers", {
      statement: [
        {
          sid: "AlarmsAndBudgetsPublish",
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] }],
          condition: props.account ? [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.account] }] : undefined,
        },
      ],
    });
    new SnsTopicPolicy(this, "topic-policy", { arn: this.topic.arn, policy: publishers.json });
    props.alertEmails.forEach((email, i) => new SnsTopicSubscription(this, `email-${i}`, { topicArn: this.topic.arn, protocol: "email", endpoint: email }));

    this.budget = new BudgetsBudget(this, "budget", {
      name: `${props.prefix}-monthly`,
      budgetType: "COST",
      limitAmount: props.monthlyBudgetUsd.toFixed(2),
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      costFilter: [{ name: "TagKeyValue", values: [`user:environment$${props.environment}`] }],
      notification: [
        ...BUDGET_ALERT_PERCENTS.map((threshold) => ({ comparisonOperator: "GREATER_THAN", threshold, thresholdType: "PERCENTAGE", notificationType: "ACTUAL", subscriberSnsTopicArns: [this.topic.arn] })),
        { comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", notificationType: "FORECASTED", subscriberSnsTopicArns: [this.topic.arn] },
      ],
    });

    const actions = settings.notify ? { alarmActions: [this.topic.arn], okActions: [this.topic.arn] } : {};
    const alarm = (id: string, config: Omit<CloudwatchMetricAlarmConfig, "alarmName" | "period" | "evaluationPeriods" | "actionsEnabled">) =>
      this.alarms.push(
        new CloudwatchMetricAlarm(this, id, {
          alarmName: `${props.prefix}-${id}`,
          period: settings.periodSeconds,
          evaluationPeriods: settings.evaluationPeriods,
          actionsEnabled: settings.notify,
          ...actions,
          ...config,
        }),
      );
    const db = { DBInstanceIdentifier: props.database.identifier };
    alarm("db-cpu", {
      alarmDescription: `Database ${props.database.identifier}: CPU above ${settings.dbCpuPercent}%`,
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: db,
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      threshold: settings.dbCpuPercent,
      treatMissingData: "missing",
    });
    const freeBytes = Math.floor(props.database.allocatedStorageGiB * 2 ** 30 * (settings.dbFreeStoragePercent / 100));
    alarm("db-free-storage", {
      alarmDescription: `Database ${props.database.identifier}: free storage below ${settings.dbFreeStoragePercent}% of ${props.database.allocatedStorageGiB} GiB`,
      namespace: "AWS/RDS",
      metricName: "FreeStorageSpace",
      dimensions: db,
      statistic: "Minimum",
      comparisonOperator: "LessThanThreshold",
      threshold: freeBytes,
      treatMissingData: "missing",
    });
    alarm("db-connections", {
      alarmDescription: `Database ${props.database.identifier}: more than ${settings.dbConnections} connections`,
      namespace: "AWS/RDS",
      metricName: "DatabaseConnections",
      dimensions: db,
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: settings.dbConnections,
      treatMissingData: "missing",
    });
    for (const nat of props.natGateways) {
      alarm(`nat-${nat.name}-errors`, {
        alarmDescription: `NAT gateway in ${nat.name}: connections failed for want of source ports`,
        namespace: "AWS/NATGateway",
        metricName: "ErrorPortAllocation",
        dimensions: { NatGatewayId: nat.id },
        statistic: "Sum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
      });
    }
    if (props.deliveryLogGroup) {
      alarm("log-delivery", {
        alarmDescription: `Log group ${props.deliveryLogGroup}: no events delivered`,
        namespace: "AWS/Logs",
        metricName: "IncomingLogEvents",
        dimensions: { LogGroupName: props.deliveryLogGroup },
        statistic: "Sum",
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
      });
    }

    const metric = (namespace: string, name: string, dimensions: Record<string, string>, stat: string) => [namespace, name, ...Object.entries(dimensions).flat(), { stat }];
    const widget = (title: string, metrics: unknown[][], x: number, y: number) => ({ type: "metric", x, y, width: 12, height: 6, properties: { title, region: props.region, period: settings.periodSeconds, view: "timeSeries", metrics } });
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: props.prefix,
      dashboardBody: JSON.stringify({
        widgets: [
          { type: "alarm", x: 0, y: 0, width: 24, height: 3, properties: { title: `${props.prefix} alarms`, alarms: this.alarms.map((a) => a.arn) } },
          widget("Database CPU (%)", [metric("AWS/RDS", "CPUUtilization", db, "Average")], 0, 3),
          widget("Database connections", [metric("AWS/RDS", "DatabaseConnections", db, "Maximum")], 12, 3),
          widget("Database free storage (bytes)", [metric("AWS/RDS", "FreeStorageSpace", db, "Minimum")], 0, 9),
          widget("NAT gateway port allocation errors", props.natGateways.map((n) => metric("AWS/NATGateway", "ErrorPortAllocation", { NatGatewayId: n.id }, "Sum")), 12, 9),
          ...(props.deliveryLogGroup ? [widget("Log events delivered", [metric("AWS/Logs", "IncomingLogEvents", { LogGroupName: props.deliveryLogGroup }, "Sum")], 0, 15)] : []),
        ],
      }),
    });
  }
}
