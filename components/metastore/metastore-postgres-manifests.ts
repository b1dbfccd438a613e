import { ApiObject, Duration, JsonPatch, Size, type Chart } from "cdk8s";
import * as kplus from "cdk8s-plus-34";
import { Quantity } from "cdk8s-plus-34/lib/imports/k8s";
import type { NodePlacement } from "../k8s/placement";
import {
  containerResources,
  placeAndHarden,
  restrictedContainer,
  restrictedPod,
  selectorLabels,
  workloadLabels,
  type ContainerSize,
} from "../k8s/workload-defaults";
import { DB_PASSWORD_KEY, DB_USERNAME_KEY } from "./hive-metastore-manifests";

/** PostgreSQL for the metastore's catalog (the Debian image; its `postgres` user is 999). */
export const POSTGRES_IMAGE = "postgres:16.15";
export const POSTGRES_UID = 999;
export const POSTGRES_PORT = 5432;

/** Plain inputs of the metastore's own PostgreSQL. */
export interface MetastorePostgresProps {
  /** Name of the StatefulSet and its Service, e.g. `hive-metastore-db`. */
  readonly name: string;
  /** The database the metastore's schema lives in. */
  readonly database: string;
  /** Secret with `username` / `password`; the server's superuser is created from it on first start. */
  readonly credentialsSecret: string;
  /** The PersistentVolumeClaim holding the data directory (declared by {@link addPostgresVolumeClaim}). */
  readonly claimName: string;
  readonly resources: ContainerSize;
  readonly placement: NodePlacement;
  readonly labels: Readonly<Record<string, string>>;
}

const DATA_DIR = "/var/lib/postgresql/data";

/**
 * The data volume, declared apart from the StatefulSet so it can be protected on its own: deleting
 * or replacing the database's pods never touches the catalog.
 */
export function addPostgresVolumeClaim(
  chart: Chart,
  props: { readonly name: string; readonly size: string; readonly storageClassName?: string; readonly labels: Readonly<Record<string, string>> },
): kplus.PersistentVolumeClaim {
  const gibibytes = /^([0-9]+)Gi$/.exec(props.size);
  return new kplus.PersistentVolumeClaim(chart, "data", {
    metadata: { name: props.name, labels: props.labels },
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    storage: gibibytes ? Size.gibibytes(Number(gibibytes[1])) : Size.gibibytes(1),
    storageClassName: props.storageClassName,
    volumeMode: kplus.PersistentVolumeMode.FILE_SYSTEM,
  });
}

/** A single PostgreSQL server on the stateful (on-demand) pool with its ClusterIP Service. */
export function addMetastorePostgres(chart: Chart, props: MetastorePostgresProps): kplus.StatefulSet {
  const labels = workloadLabels(props.name, "metastore-database", props.labels);
  const secret = kplus.Secret.fromSecretName(chart, "db-credentials", props.credentialsSecret);
  const data = kplus.Volume.fromPersistentVolumeClaim(chart, "data-volume", kplus.PersistentVolumeClaim.fromClaimName(chart, "data-claim", props.claimName), { name: "data" });
  const run = kplus.Volume.fromEmptyDir(chart, "run-volume", "run", { sizeLimit: Size.mebibytes(16) });
  const service = new kplus.Service(chart, "db-service", {
    metadata: { name: props.name, labels },
    ports: [{ port: POSTGRES_PORT, targetPort: POSTGRES_PORT, name: "postgres" }],
  });
  for (const [key, value] of Object.entries(selectorLabels(props.name))) service.selectLabel(key, value);
  const ready = kplus.Probe.fromCommand(["sh", "-c", 'pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'], {
    periodSeconds: Duration.seconds(10),
    failureThreshold: 6,
  });
  const statefulSet = new kplus.StatefulSet(chart, "db", {
    metadata: { name: props.name, labels },
    replicas: 1,
    service,
    select: false,
    podMetadata: { labels },
    securityContext: restrictedPod(POSTGRES_UID),
    volumes: [data, run],
    containers: [
      {
        name: "postgres",
        image: POSTGRES_IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: [{ number: POSTGRES_PORT, name: "postgres" }],
        envVariables: {
          POSTGRES_USER: kplus.EnvValue.fromSecretValue({ secret, key: DB_USERNAME_KEY }),
          POSTGRES_PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: DB_PASSWORD_KEY }),
          POSTGRES_DB: kplus.EnvValue.fromValue(props.database),
          // A subdirectory: the volume's root holds lost+found on most block storage.
          PGDATA: kplus.EnvValue.fromValue(`${DATA_DIR}/pgdata`),
        },
        securityContext: restrictedContainer(POSTGRES_UID),
        resources: containerResources(props.resources),
        volumeMounts: [
          { path: DATA_DIR, volume: data },
          { path: "/var/run/postgresql", volume: run },
        ],
        startup: kplus.Probe.fromCommand(["sh", "-c", 'pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'], {
          periodSeconds: Duration.seconds(5),
          failureThreshold: 60,
        }),
        readiness: ready,
        liveness: kplus.Probe.fromTcpSocket({ port: POSTGRES_PORT, periodSeconds: Duration.seconds(20), failureThreshold: 6 }),
      },
    ],
  });
  statefulSet.select(kplus.LabelSelector.of({ labels: selectorLabels(props.name) }));
  // cdk8s-plus-34 drops the pod volumes of a StatefulSet without volumeClaimTemplates
  // (cdk8s-team/cdk8s-plus#6735, open as of 2.0.54): the mounts above need them back. The patch goes
  // through the typed KubeStatefulSet serializer, hence a Quantity object for the size.
  ApiObject.of(statefulSet).addJsonPatch(
    JsonPatch.add("/spec/template/spec/volumes", [
      { name: "data", persistentVolumeClaim: { claimName: props.claimName, readOnly: false } },
      { name: "run", emptyDir: { sizeLimit: Quantity.fromString("16Mi") } },
    ]),
  );
  placeAndHarden(statefulSet, "stateful", props.placement);
  return statefulSet;
}
