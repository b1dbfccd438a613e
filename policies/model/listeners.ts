import { chartName, isHelmChart, valuesVisible } from "./helm";
import { at, bool, isRecord, records, str, type Props } from "./values";
import { kubernetesKind, objectName } from "./workloads";
import type { RuleResource } from "../rules/rule";

/** The annotation components stamp on the Services they author (components/k8s/listener.ts). */
export const LISTENERS_ANNOTATION = "batch-platform.io/listeners";

/**
 * One listener as the resource's own configuration shows it: TLS on or off, and the authentication
 * it requires (`undefined` when none). Read from what the server is configured with — a Strimzi
 * listener, a chart's values — and for the project's own Services from their listener annotation.
 */
export interface FoundListener {
  /** For messages: `Kafka/serving/events listener tls (9093)`, `chart trino values server.config`. */
  readonly where: string;
  readonly tls: boolean;
  readonly authentication: string | undefined;
}

const nonEmpty = (value: unknown): string | undefined => {
  const text = str(value);
  return text && text.trim() !== "" ? text : undefined;
};

function kafkaListeners(props: Props): FoundListener[] {
  return records(at(props, "spec.kafka.listeners")).map((listener) => ({
    where: `${objectName("Kafka", props)} listener ${str(listener.name) ?? "?"} (${String(listener.port)})`,
    tls: listener.tls === true,
    authentication: nonEmpty(at(listener, "authentication.type")),
  }));
}

function serviceListeners(props: Props): FoundListener[] {
  const annotations = isRecord(at(props, "metadata.annotations")) ? (at(props, "metadata.annotations") as Props) : {};
  const text = str(annotations[LISTENERS_ANNOTATION]);
  const ports = records(at(props, "spec.ports"));
  let entries: Props[] = [];
  try {
    const parsed: unknown = text ? JSON.parse(text) : [];
    entries = Array.isArray(parsed) ? parsed.filter(isRecord) : [];
  } catch {
    entries = [];
  }
  const missingEntry = ` (no ${LISTENERS_ANNOTATION} entry)`;
  return ports.map((port) => {
    const entry = entries.find((e) => e.port === port.port);
    const authentication = entry ? nonEmpty(entry.authentication) : undefined;
    return {
      where: `${objectName("Service", props)} port ${String(port.port)}${entry ? "" : missingEntry}`,
      tls: entry?.tls === "tls" || entry?.tls === "mtls",
      authentication: authentication === "none" ? undefined : authentication,
    };
  });
}

/** An address only the pod itself reaches. */
const isLoopback = (value: unknown): boolean => value === "127.0.0.1" || value === "localhost" || value === "[::1]";

/** Trino's config line that turns plain HTTP off. */
const HTTP_OFF = /^http-server\.http\.enabled\s*=\s*false\s*$/;

/** The listeners of the charts the platform installs, from the values that configure them. */
function chartListeners(chart: string, values: Props): FoundListener[] {
  const at_ = (path: string) => at(values, path);
  const where = (what: string) => `chart ${chart} ${what}`;
  switch (chart) {
    case "trino": {
      const tls = bool(at_("server.config.https.enabled")) === true;
      const authentication = nonEmpty(at_("server.config.authenticationType"));
      // The chart keeps HTTP on service.port beside HTTPS unless a config property turns it off.
      const properties = at_("additionalConfigProperties");
      const httpOff =
        Array.isArray(properties) && properties.some((line) => HTTP_OFF.test(String(line)));
      return [
        { where: where("HTTP(S) server (server.config.https, server.config.authenticationType)"), tls, authentication },
        ...(tls && !httpOff
          ? [{ where: where("plain HTTP (service.port, beside HTTPS)"), tls: false, authentication: undefined }]
          : []),
      ];
    }
    case "yugabyte": {
      const tls = bool(at_("tls.enabled")) === true;
      const webserverTls = (server: "master" | "tserver") =>
        nonEmpty(at_(`gflags.${server}.webserver_certificate_file`)) !== undefined;
      const clientTls = tls && at_("tls.clientToServer") !== false;
      const nodeTls = tls && at_("tls.nodeToNode") !== false;
      const ysql = at_("gflags.tserver.ysql_enable_auth") === true || at_("gflags.tserver.ysql_enable_auth") === "true";
      const ycql =
        at_("gflags.tserver.use_cassandra_authentication") === true ||
        at_("gflags.tserver.use_cassandra_authentication") === "true";
      return [
        {
          where: where("YSQL (tls.clientToServer, gflags.tserver.ysql_enable_auth)"),
          tls: clientTls,
          authentication: ysql ? "password" : undefined,
        },
        {
          where: where("YCQL (tls.clientToServer, gflags.tserver.use_cassandra_authentication)"),
          tls: clientTls,
          authentication: ycql ? "password" : undefined,
        },
        // Node-to-node RPC authenticates peers by their certificates when it runs over TLS.
        {
          where: where("node-to-node RPC (tls.nodeToNode)"),
          tls: nodeTls,
          authentication: nodeTls ? "client-certificate" : undefined,
        },
        // The status pages have no working login in YugabyteDB (yugabyte-db#32074): only bound to
        // loopback do they serve no one.
        ...(["master", "tserver"] as const)
          .filter((server) => !isLoopback(at_(`gflags.${server}.webserver_interface`)))
          .map((server) => ({
            where: where(`${server} status pages (gflags.${server}.webserver_interface)`),
            tls: webserverTls(server),
            authentication: undefined,
          })),
        // Postgres binds YSQL's metrics server where YSQL listens, with the tserver's webserver flags.
        ...(at_("disableYsql") === true
          ? []
          : [
              {
                where: where("YSQL metrics server (gflags.tserver.webserver_certificate_file)"),
                tls: webserverTls("tserver"),
                authentication: undefined,
              },
            ]),
      ];
    }
    case "minio": {
      const tls = bool(at_("tls.enabled")) === true;
      // Every S3 and console request is signed with an access key; anonymous access is per bucket policy.
      const open = records(at_("buckets")).some(
        (bucket) => str(bucket.policy) !== undefined && str(bucket.policy) !== "none",
      );
      return [
        {
          where: where("S3 API and console (tls.enabled, buckets[].policy)"),
          tls,
          authentication: open ? undefined : "s3-signature",
        },
      ];
    }
    case "airflow": {
      const tls =
        nonEmpty(at_("config.api.ssl_cert")) !== undefined && nonEmpty(at_("config.api.ssl_key")) !== undefined;
      const authentication = nonEmpty(at_("config.core.auth_manager"));
      return [
        { where: where("API server (config.api.ssl_cert/ssl_key, config.core.auth_manager)"), tls, authentication },
      ];
    }
    default:
      return [];
  }
}

function isHelmRendered(props: Props): boolean {
  const labels = at(props, "metadata.labels");
  return isRecord(labels) && labels["app.kubernetes.io/managed-by"] === "Helm";
}

/** The listeners a resource configures (none for resources that serve nothing). */
export function listenersOf(resource: Pick<RuleResource, "type" | "props" | "name">): FoundListener[] {
  if (isHelmChart(resource.type)) {
    const values = resource.props.values;
    const chart = chartName(resource.props) ?? resource.name;
    return valuesVisible(values) ? chartListeners(chart, values) : [];
  }
  const kind = kubernetesKind(resource.type);
  if (kind === "Kafka" && resource.type.startsWith("kubernetes:kafka.strimzi.io/"))
    return kafkaListeners(resource.props);
  // A chart's Services (rendered as resources in a real preview) are judged by the chart's values above.
  const helmManaged = isHelmRendered(resource.props);
  if (kind === "Service" && !helmManaged && str(at(resource.props, "spec.type")) !== "ExternalName")
    return serviceListeners(resource.props);
  return [];
}
