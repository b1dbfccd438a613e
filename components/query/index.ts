// Trino over the lake, the warehouse and Kafka.
export { Trino, TRINO_SIZES, type TrinoArgs, type TrinoSizing } from "./trino";
export { TRINO_HTTP_PORT } from "./trino-security";
