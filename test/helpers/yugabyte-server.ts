import type { YugabyteServer } from "../../components/warehouse/yugabyte-server";

/** A YugabyteDB in `serving` as its component describes it to consumers, without TLS. */
export const YUGABYTE_SERVER: YugabyteServer = {
  namespace: "serving",
  host: "yb-tservers.serving.svc.cluster.local",
  ysqlPort: 5433,
  ycqlPort: 9042,
  adminSecretName: "yugabyte-admin",
  image: "yugabytedb/yugabyte:2025.2.5.2-b5",
  nodeSelector: { "batch-platform.io/pool": "system" },
};

/** The same server with client-to-server TLS from the platform CA bundle. */
export const YUGABYTE_TLS_SERVER: YugabyteServer = {
  ...YUGABYTE_SERVER,
  tls: { caSecretName: "batch-platform-ca", caKey: "ca.crt" },
};
