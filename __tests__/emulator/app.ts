// The app the emulator tests deploy with the real cdktf CLI: the example
// organization, with previews as a CI job adds them (ENV_PREVIEW=pr-7).
import { createEnvironmentApp, runApp, synthesizeAll } from "../../lib";
import { ENVIRONMENTS, ORGANIZATION } from "../../main";

/** The account previews deploy into. */
export const PREVIEW_ACCOUNT = "555555555555";

/** No Kubernetes cluster exists here: the emulator deploys the AWS stacks; the Kubernetes stacks are checked by synth, policy and assertions. */
const AWS_ONLY = ENVIRONMENTS.map(({ kubernetes: _cluster, services: _services, ...spec }) => spec);

/**
 * moto 5.2.1 does not implement DescribeSubscribersForNotification, which the
 * AWS provider calls to read a budget back (it answers 500, and the provider
 * retries for minutes): the emulator suite proves it, and the app it deploys
 * leaves the budget out. The synth tests and the offline plan cover the budget.
 */
runApp(() => {
  const { app, stacks } = createEnvironmentApp(ORGANIZATION, AWS_ONLY, { previews: { account: PREVIEW_ACCOUNT, availabilityZones: ["eu-west-1a", "eu-west-1b"] } });
  for (const stack of stacks) stack.resources.monitoring.node.tryRemoveChild("budget");
  return synthesizeAll(app);
});
