// The Hive Metastore engines and query engines share tables through.
export { HiveMetastore, type HiveMetastoreArgs, type MetastoreDatabase } from "./hive-metastore";
export {
  METASTORE_PROXY_LOCAL_URI,
  metastoreClientCertificate,
  metastoreClientSecretName,
  metastoreProxyClient,
  type MetastoreClientIdentity,
  type MetastoreProxy,
  type MetastoreProxyContainer,
  type MetastoreProxyVolume,
} from "./metastore-proxy";
