/**
 * The Kubernetes side of cdktf-envkit, a separate entry point
 * (`import { WebService } from "cdktf-envkit/kubernetes"`): loading it loads
 * `@cdktf/provider-kubernetes`, which an AWS-only app never does. Apps that
 * only declare `kubernetes` and `services` in their specs need nothing from
 * here; write your own service template against `ServiceTemplate` with the
 * helpers below.
 */
export { Namespace, type NamespaceProps } from "../lib/constructs/kubernetes/namespace";
export { WebService, Worker, BUILT_IN_TEMPLATES, workload, autoscaler, hardenedSecurityContext, type ServiceTemplate, type ServiceTemplateProps } from "../lib/constructs/kubernetes/templates";
export { KubernetesStack, kubernetesStackId, type KubernetesStackProps } from "../stacks/kubernetes-stack";
