import type { ResourceRule } from "./rule";
import { chartName, isHelmChart, valueNodes, valuesVisible } from "../model/helm";
import { at, isRecord, str } from "../model/values";
import { containersOf, kubernetesKind, objectName, podTemplates, SPARK_APPLICATION_KINDS } from "../model/workloads";

/** Why an image reference is not pinned, or undefined when it has a digest or a tag other than `latest`. */
export function unpinnedReason(image: string): string | undefined {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const lastSlash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  if (colon <= lastSlash) return "has no tag (means latest)";
  const tag = image.slice(colon + 1);
  return tag.toLowerCase() === "latest" ? "uses the tag latest" : undefined;
}

/** An exact chart version (not a range), so the images the chart renders are fixed too. */
function exactVersion(version: string | undefined): boolean {
  return version !== undefined && /^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version);
}

/** Reproducible deploys and rollbacks need immutable image references. */
export const pinnedImages: ResourceRule<Record<string, never>> = {
  kind: "resource",
  pack: "placement",
  name: "pinned-images",
  description: "Every container image is pinned to a tag or digest, never latest; Helm charts are pinned to an exact version.",
  severity: "medium",
  enforcementLevel: "advisory",
  configSchema: { properties: {} },
  defaults: {},
  validate(resource, _config, report) {
    const comply = "pin it to a version tag (e.g. :1.2.3) or a digest (@sha256:…)";
    if (isHelmChart(resource.type)) {
      const chart = chartName(resource.props) ?? resource.name;
      const version = str(resource.props.version);
      if (!exactVersion(version)) report(`chart ${chart} has version ${version ?? "(not set: the newest)"}; to comply, set an exact chart version such as 1.2.3.`);
      const values = resource.props.values;
      if (!valuesVisible(values)) return;
      for (const node of valueNodes(values)) {
        if (node.key === "image" && typeof node.value === "string") {
          const reason = unpinnedReason(node.value);
          if (reason) report(`chart ${chart} values ${node.path} ${JSON.stringify(node.value)} ${reason}; to comply, ${comply}.`);
        }
        // `{repository, tag}`: a missing or empty tag means the chart's appVersion (pinned by the chart version).
        if (isRecord(node.value) && typeof node.value.repository === "string" && typeof node.value.tag === "string" && node.value.tag.toLowerCase() === "latest") {
          report(`chart ${chart} values ${node.path}.tag is latest; to comply, ${comply}.`);
        }
      }
      return;
    }
    const kind = kubernetesKind(resource.type);
    if (kind === undefined) return;
    const name = objectName(kind, resource.props);
    const check = (path: string, image: unknown): void => {
      if (typeof image !== "string") return;
      const reason = unpinnedReason(image);
      if (reason) report(`${name} ${path} image ${JSON.stringify(image)} ${reason}; to comply, ${comply}.`);
    };
    if (SPARK_APPLICATION_KINDS.has(kind)) {
      const base = kind === "ScheduledSparkApplication" ? "spec.template" : "spec";
      check(`${base}.image`, at(resource.props, `${base}.image`));
      check(`${base}.driver.image`, at(resource.props, `${base}.driver.image`));
      check(`${base}.executor.image`, at(resource.props, `${base}.executor.image`));
      return;
    }
    for (const template of podTemplates(kind, resource.props)) {
      for (const { path, container } of containersOf(template)) check(path, container.image);
    }
  },
};
