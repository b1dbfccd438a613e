import { Provider } from "@pulumi/kubernetes/provider";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { MinioLake } from "../../components/lake/minio-lake";
import type { PlatformConfig } from "../config";
import { platformLabels } from "../labels";
import type { StackOutputs } from "./outputs";

/** All open source on an existing Kubernetes cluster: MinIO lake, … (more roles come with later issues). */
export function ossPlatform(config: PlatformConfig): StackOutputs {
  const labels = platformLabels(config);
  const cluster = new Provider("cluster", {
    kubeconfig: config.kubeconfig,
    context: config.cluster.context,
    enableServerSideApply: true,
  });
  const lakeNamespace = new Namespace(
    "lake",
    { metadata: { name: "lake", labels: { ...labels, "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted" } } },
    { provider: cluster },
  );
  const minio = config.lake.minio;
  const lake = new MinioLake(
    "lake",
    {
      namespace: lakeNamespace.metadata.name,
      zones: config.lake.zones,
      servers: minio?.servers,
      drivesPerServer: minio?.drivesPerServer,
      volumeSize: minio?.volumeSize,
      storageClassName: minio?.storageClassName,
      tlsSecretName: minio?.tlsSecretName,
      cpu: minio?.cpu,
      memory: minio?.memory,
      spreadOverZones: (config.cluster.zones?.length ?? 1) > 1,
      labels,
      protect: config.protectData,
    },
    { providers: [cluster] },
  );
  return { lakeZones: lake.zoneUris, lakeEndpoint: lake.endpoint };
}
