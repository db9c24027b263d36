import { Construct } from "constructs";
import { DeploymentV1, type DeploymentV1SpecTemplateSpecContainer } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { ResolvedEnvironment } from "../../environments/types";
import type { ResolvedService, TemplateRequirements } from "../../environments/kubernetes";

/** What a service template is given: the environment, the sized service and where to put it. */
export interface ServiceTemplateProps {
  readonly environment: ResolvedEnvironment;
  /** The service, sized from the tier (replicas, requests, limits). */
  readonly service: ResolvedService;
  /** The namespace's name, as a reference. */
  readonly namespace: string;
  /** The service's ServiceAccount name, as a reference. */
  readonly serviceAccountName: string;
  /** The ConfigMap of the environment's configuration, mounted as environment variables. */
  readonly configMapName: string;
  /** Labels every object carries. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * A service template: what a spec names in `services[].template`. Write your
 * own by implementing this interface (usually with the helpers `workload`
 * and `autoscaler` below, which apply the tier's sizing and the pod security
 * every template shares), and register it with `createEnvironmentApp(...,
 * { serviceTemplates: [myTemplate] })`.
 */
export interface ServiceTemplate extends TemplateRequirements {
  /** The name specs use. */
  readonly name: string;
  /** Adds the service's resources to `scope`. */
  build(scope: Construct, props: ServiceTemplateProps): void;
}

/** The security context of every container: non-root, read-only root, no capabilities, no escalation, the runtime's seccomp profile. */
export function hardenedSecurityContext(): NonNullable<DeploymentV1SpecTemplateSpecContainer["securityContext"]> {
  return {
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/**
 * A Deployment of the service's image sized by the tier, hardened, probed,
 * reading the environment's ConfigMap; `probe` is the liveness and readiness check.
 */
export function workload(scope: Construct, props: ServiceTemplateProps, probe: Pick<DeploymentV1SpecTemplateSpecContainer, "livenessProbe">["livenessProbe"], ports: DeploymentV1SpecTemplateSpecContainer["port"] = []): DeploymentV1 {
  const { service, labels } = props;
  const selector = { "app.kubernetes.io/name": service.name };
  const probes = Array.isArray(probe) ? probe[0] : probe;
  return new DeploymentV1(scope, "deployment", {
    metadata: { name: service.name, namespace: props.namespace, labels: { ...labels, ...selector } },
    // The autoscaler owns the replica count once running; Terraform sets where it starts and never fights it.
    lifecycle: { ignoreChanges: ["spec[0].replicas"] },
    spec: {
      replicas: String(service.minReplicas),
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...labels, ...selector } },
        spec: {
          serviceAccountName: props.serviceAccountName,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
          container: [
            {
              name: service.name,
              image: service.image,
              port: ports,
              envFrom: [{ configMapRef: { name: props.configMapName } }],
              resources: {
                requests: { cpu: `${service.cpuMillicores}m`, memory: `${service.memoryMiB}Mi` },
                limits: { cpu: `${service.cpuMillicores * 2}m`, memory: `${service.memoryMiB}Mi` },
              },
              securityContext: hardenedSecurityContext(),
              livenessProbe: probes ? { ...probes, initialDelaySeconds: 10, periodSeconds: 10 } : undefined,
              readinessProbe: probes ? { ...probes, periodSeconds: 5 } : undefined,
            },
          ],
        },
      },
    },
  });
}

/** A HorizontalPodAutoscaler over `deployment` in the service's replica range, on CPU. */
export function autoscaler(scope: Construct, props: ServiceTemplateProps, deployment: DeploymentV1): HorizontalPodAutoscalerV2 {
  const { service } = props;
  return new HorizontalPodAutoscalerV2(scope, "autoscaler", {
    metadata: { name: service.name, namespace: props.namespace, labels: { ...props.labels } },
    spec: {
      minReplicas: service.minReplicas,
      maxReplicas: service.maxReplicas,
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
      metric: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
    },
  });
}

/** Tiers whose services keep a share of their pods through voluntary disruptions (node drains, upgrades). */
const DISRUPTION_BUDGET_TIERS: ReadonlySet<string> = new Set(["staging", "prod"]);

/** A web service: Deployment, Service, autoscaler, and a PodDisruptionBudget in staging and prod. */
export const WebService: ServiceTemplate = {
  name: "web",
  needsPort: true,
  build(scope, props) {
    const { service } = props;
    const port = service.port as number;
    const deployment = workload(scope, props, { httpGet: { path: service.healthPath, port: String(port) } }, [{ name: "http", containerPort: port, protocol: "TCP" }]);
    new ServiceV1(scope, "service", {
      metadata: { name: service.name, namespace: props.namespace, labels: { ...props.labels } },
      spec: { type: "ClusterIP", selector: { "app.kubernetes.io/name": service.name }, port: [{ name: "http", port, targetPort: "http", protocol: "TCP" }] },
    });
    autoscaler(scope, props, deployment);
    if (DISRUPTION_BUDGET_TIERS.has(props.environment.tier)) {
      new PodDisruptionBudgetV1(scope, "disruption-budget", {
        metadata: { name: service.name, namespace: props.namespace, labels: { ...props.labels } },
        spec: { minAvailable: String(Math.max(1, service.minReplicas - 1)), selector: { matchLabels: { "app.kubernetes.io/name": service.name } } },
      });
    }
  },
};

/** A worker: a Deployment with an exec probe, and its autoscaler. */
export const Worker: ServiceTemplate = {
  name: "worker",
  needsPort: false,
  build(scope, props) {
    const deployment = workload(scope, props, { exec: { command: [...props.service.healthCommand] } });
    autoscaler(scope, props, deployment);
  },
};

/** The built-in templates. */
export const BUILT_IN_TEMPLATES: readonly ServiceTemplate[] = [WebService, Worker];
