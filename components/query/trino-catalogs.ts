import { trinoTableName, type KafkaFieldType, type KafkaTopicSpec } from "../streaming/kafka-topics";
import { ysqlTlsQuery } from "../warehouse/yugabyte-server";

/**
 * Trino catalog properties generated from the other components' outputs. Credentials never appear
 * in them: a credential property holds `${ENV:TRINO_…}`, which Trino resolves from the process
 * environment, and the chart sets those variables from Secrets (`env[].valueFrom.secretKeyRef`).
 */

/** The environment variables catalogs read credentials from. */
export const TRINO_CREDENTIAL_ENV = {
  s3AccessKey: "TRINO_S3_ACCESS_KEY",
  s3SecretKey: "TRINO_S3_SECRET_KEY",
  yugabyteUser: "TRINO_YUGABYTE_USER",
  yugabytePassword: "TRINO_YUGABYTE_PASSWORD",
} as const;

/** Where the chart mounts Kafka table description files (its `kafka.mountPath`). */
export const KAFKA_TABLE_DESCRIPTION_DIR = "/etc/trino/schemas";

function env(variable: string): string {
  return `\${ENV:${variable}}`;
}

function properties(entries: Readonly<Record<string, string>>): string {
  return `${Object.entries(entries)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n")}\n`;
}

export interface DeltaCatalogInput {
  /** `thrift://hive-metastore.<ns>.svc.cluster.local:9083`, or the pod's own metastore proxy on localhost. */
  readonly metastoreUri: string;
  /** The lake's S3 endpoint. */
  readonly s3Endpoint: string;
  readonly s3Region: string;
}

/** `delta`: the Delta Lake connector on the lake (native S3, path-style for MinIO) through the Hive Metastore. */
export function deltaCatalog(input: DeltaCatalogInput): string {
  return properties({
    "connector.name": "delta_lake",
    // Plain Thrift: with mutual TLS the pod's proxy does the TLS.
    "hive.metastore.uri": input.metastoreUri,
    // Trino 481 renamed fs.native-s3.enabled (still accepted as a legacy name).
    "fs.s3.enabled": "true",
    "s3.endpoint": input.s3Endpoint,
    "s3.region": input.s3Region,
    "s3.path-style-access": "true",
    "s3.aws-access-key": env(TRINO_CREDENTIAL_ENV.s3AccessKey),
    "s3.aws-secret-key": env(TRINO_CREDENTIAL_ENV.s3SecretKey),
    // Tables Spark wrote to a path can be registered without rewriting them.
    "delta.register-table-procedure.enabled": "true",
  });
}

export interface YugabyteCatalogInput {
  /** YSQL host, e.g. `yb-tservers.serving.svc.cluster.local`. */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** YSQL serves TLS. */
  readonly tls: boolean;
  /** Trino's JVM truststore holds the CA that signed YSQL's certificate: verify it (`verify-full`). */
  readonly verifyServer: boolean;
}

/** `yugabyte`: the PostgreSQL connector against YugabyteDB's YSQL API. */
export function yugabyteCatalog(input: YugabyteCatalogInput): string {
  const tlsQuery = ysqlTlsQuery(input.tls, input.verifyServer ? { jvmTruststore: true } : undefined);
  return properties({
    "connector.name": "postgresql",
    "connection-url": `jdbc:postgresql://${input.host}:${input.port}/${input.database}${tlsQuery}`,
    "connection-user": env(TRINO_CREDENTIAL_ENV.yugabyteUser),
    "connection-password": env(TRINO_CREDENTIAL_ENV.yugabytePassword),
  });
}

export interface KafkaCatalogInput {
  /** `host:port[,host:port]` of the brokers. */
  readonly bootstrapServers: string;
  /** The schema topics appear in. */
  readonly schema: string;
  readonly topics: readonly KafkaTopicSpec[];
  /**
   * The SASL login: a mounted `client.properties` with `security.protocol`, the mechanism and the
   * JAAS config; over TLS the clients trust the JVM's truststore (the platform CA). @default none
   */
  readonly client?: { readonly configFile: string };
}

/** `kafka`: the Kafka connector; one table per topic, described by a JSON table description file. */
export function kafkaCatalog(input: KafkaCatalogInput): string {
  return properties({
    "connector.name": "kafka",
    "kafka.nodes": input.bootstrapServers,
    "kafka.default-schema": input.schema,
    "kafka.table-names": input.topics.map((topic) => `${input.schema}.${trinoTableName(topic.name)}`).join(","),
    "kafka.table-description-supplier": "FILE",
    "kafka.table-description-dir": KAFKA_TABLE_DESCRIPTION_DIR,
    "kafka.hide-internal-columns": "false",
    // Not kafka.security-protocol: Trino accepts only PLAINTEXT and SSL there (KafkaSecurityConfig)
    // and binds kafka.ssl.* only with SSL, which would drop SASL. The file carries SASL_SSL itself.
    ...(input.client ? { "kafka.config.resources": input.client.configFile } : {}),
  });
}

/** The JSON decoder's format for temporal types; others need none. */
function dataFormatOf(type: KafkaFieldType): string | undefined {
  return type === "DATE" || type === "TIMESTAMP" ? "iso8601" : undefined;
}

/**
 * The table description files of the Kafka catalog, by file name (`<schema>.<table>.json`): JSON
 * messages decoded field by field into typed columns.
 */
export function kafkaTableDescriptions(schema: string, topics: readonly KafkaTopicSpec[]): Record<string, string> {
  return Object.fromEntries(
    topics.map((topic) => {
      const table = trinoTableName(topic.name);
      const description = {
        tableName: table,
        schemaName: schema,
        topicName: topic.name,
        message: {
          dataFormat: "json",
          fields: topic.fields.map((field) => {
            const dataFormat = dataFormatOf(field.type);
            return { name: field.name, mapping: field.mapping ?? field.name, type: field.type, ...(dataFormat ? { dataFormat } : {}) };
          }),
        },
      };
      return [`${schema}.${table}.json`, `${JSON.stringify(description, null, 2)}\n`];
    }),
  );
}

/** Catalog property keys that carry credentials; their values must be `${ENV:…}` references. */
export const CREDENTIAL_PROPERTY = /(password|secret|access-key|secret-key|user|token|credential)/i;

/** Lines of the catalogs whose credential properties hold a literal value instead of `${ENV:…}`. */
export function inlineCredentials(catalogs: Readonly<Record<string, string>>): string[] {
  const found: string[] = [];
  for (const [catalog, text] of Object.entries(catalogs)) {
    for (const line of text.split("\n")) {
      const cut = line.indexOf("=");
      if (cut < 0) continue;
      const key = line.slice(0, cut).trim();
      const value = line.slice(cut + 1).trim();
      if (CREDENTIAL_PROPERTY.test(key) && !/^\$\{ENV:[A-Z0-9_]+\}$/.test(value)) found.push(`${catalog}: ${key}`);
    }
  }
  return found;
}
