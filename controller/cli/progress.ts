/**
 * Progress of commands over several environments, always on standard error
 * so that standard output holds only the report. On a terminal: one spinner
 * that names every environment in progress, what it is doing and for how
 * long, and a line that stays for each one done. Elsewhere (CI logs): a line
 * per step, and every minute a line per environment still at work, so that a
 * long destroy is never one silent line.
 */
import ora from "ora";
import { formatSpan } from "../../lib/core/time";
import type { CommandContext } from "./io";

/** Reports one environment's work. */
export interface Progress {
  start(environment: string, what: string): void;
  /** A new step of an environment already started. */
  update(environment: string, what: string): void;
  succeed(environment: string, text: string): void;
  fail(environment: string, text: string): void;
  stop(): void;
}

/** How often a log says what is still at work. */
const HEARTBEAT_MS = 60_000;

/** A spinner on a terminal (standard error is a TTY), plain lines otherwise. */
export function progressFor(context: CommandContext, heartbeatMs = HEARTBEAT_MS): Progress {
  const working = new Map<string, { what: string; since: number }>();
  const elapsed = (since: number) => {
    const ms = context.now().getTime() - since;
    return ms < 60_000 ? `${Math.round(ms / 1000)}s` : formatSpan(ms / 3_600_000);
  };
  if (!context.stderrIsTty) {
    const timer = setInterval(() => working.forEach((w, environment) => context.stderr(`${environment}: still ${w.what} (${elapsed(w.since)})\n`)), heartbeatMs);
    timer.unref();
    const step = (environment: string, what: string) => {
      working.set(environment, { what, since: working.get(environment)?.since ?? context.now().getTime() });
      context.stderr(`${environment}: ${what}\n`);
    };
    const done = (environment: string, text: string) => {
      const w = working.get(environment);
      working.delete(environment);
      context.stderr(`${environment}: ${text}${w ? ` (${elapsed(w.since)})` : ""}\n`);
      if (working.size === 0) clearInterval(timer);
    };
    return { start: step, update: step, succeed: done, fail: done, stop: () => clearInterval(timer) };
  }
  const spinner = ora({ stream: process.stderr });
  const render = () => {
    spinner.text = [...working].map(([environment, w]) => `${environment}: ${w.what} (${elapsed(w.since)})`).join("; ");
    if (working.size > 0 && !spinner.isSpinning) spinner.start();
    if (working.size === 0 && spinner.isSpinning) spinner.stop();
  };
  const ticker = setInterval(render, 1_000);
  ticker.unref();
  const step = (environment: string, what: string) => {
    working.set(environment, { what, since: working.get(environment)?.since ?? context.now().getTime() });
    render();
  };
  const done = (symbol: "succeed" | "fail") => (environment: string, text: string) => {
    const w = working.get(environment);
    working.delete(environment);
    spinner.stopAndPersist({ symbol: symbol === "succeed" ? "✔" : "✖", text: `${environment}: ${text}${w ? ` (${elapsed(w.since)})` : ""}` });
    render();
  };
  return {
    start: step,
    update: step,
    succeed: done("succeed"),
    fail: done("fail"),
    stop: () => {
      clearInterval(ticker);
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
