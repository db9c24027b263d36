/** How figures read on the report's pages and in its Markdown. */
import { formatSpan } from "../../../lib/core/time";

export { dollars } from "../../cost/prices";

/** What is left of an environment's time to live: `never`, `2d 4h`, or `EXPIRED 3h ago`. */
export function timeLeft(e: { readonly hoursLeft: number | null; readonly expired: boolean }): string {
  if (e.hoursLeft === null) return "never expires";
  return e.expired ? `EXPIRED ${formatSpan(-e.hoursLeft)} ago` : `${formatSpan(e.hoursLeft)} left`;
}
