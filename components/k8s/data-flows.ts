import type { NamespaceRole } from "./namespace-roles";
import { compareText } from "../common/compare-text";

/** A service other namespaces connect to: the role's namespace and the pods' (container) ports. */
export interface ServiceEndpoint {
  readonly role: NamespaceRole;
  readonly ports: readonly number[];
}

/** Where the platform's shared services run. Components of later roles may live elsewhere: pass it. */
export interface PlatformEndpoints {
  /** MinIO's S3 API. */
  readonly lakeS3: ServiceEndpoint;
  /** Hive Metastore thrift. */
  readonly metastore: ServiceEndpoint;
  /** YugabyteDB YSQL (PostgreSQL protocol). */
  readonly ysql: ServiceEndpoint;
  /** YugabyteDB YCQL (Cassandra protocol). */
  readonly ycql: ServiceEndpoint;
  /** Kafka bootstrap and brokers (plain listener). */
  readonly kafka: ServiceEndpoint;
}

export const DEFAULT_ENDPOINTS: PlatformEndpoints = {
  lakeS3: { role: "lake", ports: [9000] },
  metastore: { role: "processing", ports: [9083] },
  ysql: { role: "serving", ports: [5433] },
  ycql: { role: "serving", ports: [9042] },
  // 9093: the TLS listener (SASL_SSL); 9092 only where TLS is off (SASL_PLAINTEXT, dev).
  kafka: { role: "serving", ports: [9092, 9093] },
};

/** Who connects to which endpoint, and why — the data flow of the five steps. */
export const ENDPOINT_CLIENTS: { readonly [endpoint in keyof PlatformEndpoints]: readonly { readonly role: NamespaceRole; readonly why: string }[] } = {
  lakeS3: [
    { role: "orchestration", why: "Airflow: landing sensor, moving claimed files, remote task logs" },
    { role: "processing", why: "Spark reads landing and writes Delta bronze/silver/gold" },
    { role: "query", why: "Trino reads Delta tables" },
    { role: "explore", why: "Zeppelin notebooks read the lake" },
    { role: "serving", why: "YugabyteDB's backup CronJob uploads its dumps" },
  ],
  metastore: [
    { role: "processing", why: "Spark registers Delta tables" },
    { role: "query", why: "Trino's delta catalog" },
    { role: "explore", why: "Zeppelin's Spark sees the same tables" },
  ],
  ysql: [
    { role: "orchestration", why: "Airflow's YugabyteDB connection" },
    { role: "processing", why: "Spark's load stage writes gold over JDBC" },
    { role: "query", why: "Trino's yugabyte catalog" },
  ],
  ycql: [],
  kafka: [{ role: "query", why: "Trino's kafka catalog" }],
};

/** Traffic one namespace's pods start towards another namespace's pods. */
export interface DataFlow {
  readonly from: NamespaceRole;
  readonly to: NamespaceRole;
  readonly ports: readonly number[];
  readonly why: string;
}

/**
 * The cross-namespace flows: one per (from, to) pair with its ports merged, in a stable order.
 * Flows inside a namespace are left out (same-namespace traffic is allowed separately).
 */
export function platformDataFlows(endpoints: PlatformEndpoints = DEFAULT_ENDPOINTS, extra: readonly DataFlow[] = []): DataFlow[] {
  const merged = new Map<string, { from: NamespaceRole; to: NamespaceRole; ports: Set<number>; why: string[] }>();
  const add = (flow: DataFlow) => {
    if (flow.from === flow.to) return;
    const key = `${flow.from}>${flow.to}`;
    const entry = merged.get(key) ?? { from: flow.from, to: flow.to, ports: new Set<number>(), why: [] };
    flow.ports.forEach((port) => entry.ports.add(port));
    if (!entry.why.includes(flow.why)) entry.why.push(flow.why);
    merged.set(key, entry);
  };
  for (const [endpoint, clients] of Object.entries(ENDPOINT_CLIENTS) as [keyof PlatformEndpoints, (typeof ENDPOINT_CLIENTS)[keyof PlatformEndpoints]][]) {
    for (const client of clients) add({ from: client.role, to: endpoints[endpoint].role, ports: endpoints[endpoint].ports, why: client.why });
  }
  extra.forEach(add);
  return [...merged.values()]
    .map((e) => ({ from: e.from, to: e.to, ports: [...e.ports].sort((a, b) => a - b), why: e.why.join("; ") }))
    .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
}
