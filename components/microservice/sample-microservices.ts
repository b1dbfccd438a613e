import type { MicroserviceArgs } from "./microservice";

/** A service as the oss stacks declare it; the stack adds the namespace, YugabyteDB access and labels. */
export type MicroserviceDefinition = Omit<MicroserviceArgs, "namespace" | "yugabyte" | "placement" | "labels">;

/**
 * `orders-api`: a REST API over its own YSQL database, served by PostgREST (a real, pinned image) —
 * PostgREST reads the libpq `PG*` variables the Microservice sets, so it needs no credentials in its
 * own configuration. Its admin server on 3001 answers `/ready` once the database is reachable.
 * PostgREST serves no TLS: where the stack has TLS, the Microservice's proxy serves it and PostgREST
 * binds 127.0.0.1 (its admin server binds the same address: `admin-server-host` defaults to it).
 * v14, not v16: v16 runs every request in a transaction it never retries (PostgREST #3673), and
 * YugabyteDB raises serialization failures (40001) that v14 still retries; v14 gets fixes (v14.17 of
 * 2026-08-13 came after v16.0), v12 does not.
 */
export const ORDERS_API: MicroserviceDefinition = {
  serviceName: "orders-api",
  image: "postgrest/postgrest:v14.17",
  port: 3000,
  database: { kind: "ysql", database: "orders", role: "orders_api" },
  env: {
    // An empty URI: libpq takes host, port, database, user and password from PG*.
    PGRST_DB_URI: "postgres://",
    PGRST_DB_SCHEMAS: "public",
    // No anonymous role: a request without a valid JWT (signed with PGRST_JWT_SECRET) is refused (401).
    PGRST_SERVER_PORT: "3000",
    PGRST_ADMIN_SERVER_PORT: "3001",
    // YugabyteDB ships LISTEN/NOTIFY off (ysql_yb_enable_listen_notify), and PostgREST ignores a
    // failed LISTEN: a schema reload by NOTIFY would never arrive. Reload by restarting the pods.
    PGRST_DB_CHANNEL_ENABLED: "false",
  },
  healthCheck: { path: "/ready", port: 3001 },
  // server-host (and so admin-server-host, its default); 127.0.0.1 behind the TLS proxy.
  bindAddressEnv: "PGRST_SERVER_HOST",
  // The JWT signing key, generated into a Secret (64 characters; v13+ refuses fewer than 32).
  generatedSecretEnv: ["PGRST_JWT_SECRET"],
  access: {
    authentication: "jwt",
    authorization: "the JWT's role claim (database grants); anonymous requests refused",
  },
  replicas: { min: 2, max: 4 },
  resources: { cpu: "100m", memory: "128Mi" },
  runAsUser: 1000,
};

/** The sample services of the oss stacks. */
export const SAMPLE_MICROSERVICES: readonly MicroserviceDefinition[] = [ORDERS_API];
