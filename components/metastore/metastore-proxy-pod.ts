import type { Chart } from "cdk8s";
import * as kplus from "cdk8s-plus-34";
import { containerResources, restrictedContainer } from "../k8s/workload-defaults";
import type { MetastoreProxy } from "./metastore-proxy";

/**
 * A metastore proxy in cdk8s-plus terms: its certificate Secret's volume and its container, as
 * `proxy` has them. Through cdk8s-plus rather than a JSON patch, because the typed pod spec drops
 * plain-string quantities a patch would add. Add the container before `placeAndHarden`, which
 * drops the capabilities of the containers the workload has.
 */
export function metastoreProxyParts(
  chart: Chart,
  proxy: MetastoreProxy,
): { readonly volume: kplus.Volume; readonly container: kplus.ContainerProps } {
  const { container } = proxy;
  const secret = kplus.Secret.fromSecretName(chart, "metastore-proxy-secret", proxy.volume.secret.secretName);
  const volume = kplus.Volume.fromSecret(chart, "metastore-proxy-volume", secret, { name: proxy.volume.name });
  const { requests, limits } = container.resources;
  const { runAsUser, runAsGroup } = container.securityContext;
  return {
    volume,
    container: {
      name: container.name,
      image: container.image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      args: [...container.args],
      ports: (container.ports ?? []).map((port) => ({ number: port.containerPort, name: port.name })),
      securityContext: {
        ...restrictedContainer(runAsUser, true),
        group: runAsGroup,
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      },
      resources: containerResources({
        cpu: requests.cpu,
        memory: requests.memory,
        cpuLimit: limits.cpu,
        memoryLimit: limits.memory,
      }),
      // Its one mount is its certificate volume.
      volumeMounts: container.volumeMounts.map((mount) => ({ path: mount.mountPath, volume, readOnly: true })),
    },
  };
}
