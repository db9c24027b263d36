/**
 * Progress of commands over several environments: a spinner per environment
 * on a terminal, plain lines elsewhere (CI logs). Always on standard error,
 * so that standard output holds only the report.
 */
import ora from "ora";
import type { CommandContext } from "./io";

/** Reports one environment's work. */
export interface Progress {
  start(environment: string, what: string): void;
  succeed(environment: string, text: string): void;
  fail(environment: string, text: string): void;
  stop(): void;
}

/** A spinner on a terminal (standard error is a TTY), plain lines otherwise. */
export function progressFor(context: CommandContext): Progress {
  if (!context.stderrIsTty) {
    return {
      start: (environment, what) => context.stderr(`${environment}: ${what}\n`),
      succeed: (environment, text) => context.stderr(`${environment}: ${text}\n`),
      fail: (environment, text) => context.stderr(`${environment}: ${text}\n`),
      stop: () => undefined,
    };
  }
  const spinners = new Map<string, ReturnType<typeof ora>>();
  return {
    start: (environment, what) => spinners.set(environment, ora({ text: `${environment}: ${what}`, stream: process.stderr }).start()),
    succeed: (environment, text) => spinners.get(environment)?.succeed(`${environment}: ${text}`),
    fail: (environment, text) => spinners.get(environment)?.fail(`${environment}: ${text}`),
    stop: () => spinners.forEach((s) => s.isSpinning && s.stop()),
  };
}
