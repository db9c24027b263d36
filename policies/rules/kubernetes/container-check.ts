/** Runs a per-container check over a workload and folds the problems into one result. */
import { TfResource } from "../../model";
import { fail, notApplicable, pass, RuleResult } from "../../rule";
import { unknownValue } from "../helpers";
import { Container, containersOf, podSpecOf } from "./pod-spec";

/**
 * Applies `problem` to every container; not applicable when the resource has
 * no pod spec. A problem that only says a value could not be resolved is unknown.
 */
export function checkContainers(resource: TfResource, problem: (container: Container, podSpec: Record<string, unknown>) => string | undefined): RuleResult {
  const podSpec = podSpecOf(resource);
  if (!podSpec) return notApplicable();
  const found = containersOf(podSpec)
    .map((c) => {
      const p = problem(c, podSpec);
      return p && `${c.label}: ${p}`;
    })
    .filter((p): p is string => Boolean(p));
  if (found.length === 0) return pass();
  // Only values that could not be resolved: unknown, at info, not a violation.
  return found.every((p) => p.includes("could not be resolved")) ? unknownValue(found.join("; ")) : fail(found.join("; "));
}
