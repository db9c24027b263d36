/**
 * Alarm thresholds by tier: what "unhealthy" means for an environment's
 * database, NAT gateways and log delivery, how long it must last, and whether
 * anyone is told. Stricter and faster in prod; quiet below staging.
 */
import type { Tier } from "./profile";

/** One tier's alarm settings. */
export interface TierAlarms {
  /** Database CPU above this, in percent, is unhealthy. */
  readonly dbCpuPercent: number;
  /** Free database storage below this share of the allocated storage, in percent, is unhealthy. */
  readonly dbFreeStoragePercent: number;
  /** More database connections than this is unhealthy. */
  readonly dbConnections: number;
  /** Length of one evaluation period, in seconds. */
  readonly periodSeconds: number;
  /** Consecutive periods over the threshold before the alarm fires. */
  readonly evaluationPeriods: number;
  /** Whether alarms notify the environment's alert topic (staging and prod), or only change state. */
  readonly notify: boolean;
  /** RDS Enhanced Monitoring granularity, in seconds (OS metrics: memory, processes, I/O per device); 0 turns it off. */
  readonly dbEnhancedMonitoringSeconds: 0 | 1 | 5 | 10 | 15 | 30 | 60;
}

/** Alarm settings of every tier. */
export const TIER_ALARMS: Readonly<Record<Tier, TierAlarms>> = Object.freeze({
  preview: { dbCpuPercent: 90, dbFreeStoragePercent: 10, dbConnections: 60, periodSeconds: 300, evaluationPeriods: 6, notify: false, dbEnhancedMonitoringSeconds: 0 },
  dev: { dbCpuPercent: 90, dbFreeStoragePercent: 10, dbConnections: 60, periodSeconds: 300, evaluationPeriods: 6, notify: false, dbEnhancedMonitoringSeconds: 0 },
  test: { dbCpuPercent: 85, dbFreeStoragePercent: 10, dbConnections: 120, periodSeconds: 300, evaluationPeriods: 3, notify: false, dbEnhancedMonitoringSeconds: 0 },
  staging: { dbCpuPercent: 80, dbFreeStoragePercent: 15, dbConnections: 250, periodSeconds: 60, evaluationPeriods: 5, notify: true, dbEnhancedMonitoringSeconds: 60 },
  prod: { dbCpuPercent: 75, dbFreeStoragePercent: 20, dbConnections: 800, periodSeconds: 60, evaluationPeriods: 3, notify: true, dbEnhancedMonitoringSeconds: 15 },
});
