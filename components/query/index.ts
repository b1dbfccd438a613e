// Trino over the lake, the warehouse and Kafka.
export { Trino, TRINO_SIZES, type TrinoArgs, type TrinoSizing } from "./trino";
