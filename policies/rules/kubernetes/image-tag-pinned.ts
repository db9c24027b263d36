import { Rule } from "../../rule";
import { SECURITY } from "../levels";
import { checkContainers } from "./container-check";
import { WORKLOAD_TYPES } from "./pod-spec";

/** Images are pinned to a tag other than latest, or to a digest. */
export const imageTagPinned: Rule = {
  id: "ENV-K8S-008",
  category: "kubernetes-workload",
  title: "Container images are pinned (a tag other than latest, or a digest)",
  severity: SECURITY,
  appliesTo: WORKLOAD_TYPES,
  equivalents: { checkov: ["CKV_K8S_14"], trivy: ["KSV-0013"] },
  remediation: "Reference images as repository:<version> or, better, repository@sha256:<digest>.",
  check(workload) {
    return checkContainers(workload, (container) => {
      const image = container.body.image;
      if (typeof image !== "string" || image === "") return "image is not set";
      if (image.includes("${")) return `image ${image} could not be resolved; the policy cannot tell whether it is pinned`;
      if (image.includes("@sha256:")) return undefined;
      const tag = tagOf(image);
      if (tag === undefined) return `image "${image}" has no tag (means latest)`;
      return tag === "latest" ? `image "${image}" uses the latest tag` : undefined;
    });
  },
};

function tagOf(image: string): string | undefined {
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  return colon === -1 ? undefined : lastSegment.slice(colon + 1);
}
