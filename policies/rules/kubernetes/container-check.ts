/** Runs a per-container check over a workload and folds the problems into one result. */
import { TfResource } from "../../model";
import { fail, notApplicable, pass, RuleResult } from "../../rule";
import { Container, containersOf, podSpecOf } from "./pod-spec";

/** Applies `problem` to every container; not applicable when the resource has no pod spec. */
export function checkContainers(resource: TfResource, problem: (container: Container, podSpec: Record<string, unknown>) => string | undefined): RuleResult {
  const podSpec = podSpecOf(resource);
  if (!podSpec) return notApplicable();
  const found = containersOf(podSpec)
    .map((c) => {
      const p = problem(c, podSpec);
      return p && `${c.label}: ${p}`;
    })
    .filter((p): p is string => Boolean(p));
  return found.length === 0 ? pass() : fail(found.join("; "));
}
