import { createEnvironmentApp, runApp, synthesizeAll } from "cdktf-envkit";

// One shared dev environment for the checkout team; `npx cdktf deploy env-checkout-dev` deploys it.
runApp(() => {
  const { app } = createEnvironmentApp({ organization: "shop", region: "us-east-1", owner: "checkout-team", costCentre: "cc-42" }, [
    {
      name: "checkout-dev",
      tier: "dev",
      account: "123456789012",
      availabilityZones: ["us-east-1a", "us-east-1b"],
      cidr: "10.60.0.0/16",
      lifecycle: { kind: "persistent", reason: "the checkout team's shared development environment" },
      config: { "payment-provider": "sandbox" },
    },
  ]);
  synthesizeAll(app);
});
