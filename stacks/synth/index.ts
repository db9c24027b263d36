export { PolicyAspect, enforcePolicies, formatError, lastPolicyReport, policyAspectOf } from "./aspect";
export { waive, WaiverError, type ConstructWaiver } from "./waive";
export { evaluateStack, policyConfigOf, type PolicyOptions } from "./evaluate-stack";
export { expectNoPolicyErrors, findingsOf, policyReportOf } from "./testing";
