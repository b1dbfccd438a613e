import { Size, type Chart } from "cdk8s";
import * as kplus from "cdk8s-plus-34";
import { containerResources, restrictedContainer } from "../k8s/workload-defaults";
import { JVM_TRUSTSTORE, jvmTruststoreScript, TRUSTSTORE_INIT_RESOURCES } from "./jvm-truststore";

/** The truststore in a cdk8s-plus pod: its two volumes, the init container and the main container's mount. */
export interface TruststorePodParts {
  readonly volumes: readonly kplus.Volume[];
  readonly initContainer: kplus.ContainerProps;
  readonly storeMount: kplus.VolumeMount;
}

/**
 * The truststore for a workload authored with cdk8s-plus (the Hive Metastore, Zeppelin): the CA
 * bundle Secret and the store's emptyDir, and the init container in `image` — the main container's,
 * so its JDK's roots are the base — as `uid`, restricted with a read-only root filesystem.
 */
export function truststorePodParts(
  chart: Chart,
  props: { readonly caSecret: string; readonly image: string; readonly uid: number },
): TruststorePodParts {
  const secret = kplus.Secret.fromSecretName(chart, "platform-ca", props.caSecret);
  const ca = kplus.Volume.fromSecret(chart, "platform-ca-volume", secret, { name: JVM_TRUSTSTORE.caVolume });
  const store = kplus.Volume.fromEmptyDir(chart, "truststore-volume", JVM_TRUSTSTORE.volume, {
    sizeLimit: Size.mebibytes(16),
  });
  const initContainer: kplus.ContainerProps = {
    name: JVM_TRUSTSTORE.container,
    image: props.image,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    command: ["sh", "-c", jvmTruststoreScript()],
    securityContext: restrictedContainer(props.uid, true),
    resources: containerResources(TRUSTSTORE_INIT_RESOURCES),
    volumeMounts: [
      { path: JVM_TRUSTSTORE.caDir, volume: ca, readOnly: true },
      { path: JVM_TRUSTSTORE.dir, volume: store },
    ],
  };
  return {
    volumes: [ca, store],
    initContainer,
    storeMount: { path: JVM_TRUSTSTORE.dir, volume: store, readOnly: true },
  };
}
