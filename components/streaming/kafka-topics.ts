/**
 * The event topics the platform declares, with the JSON fields of their messages — the one
 * description both the KafkaTopic resources and Trino's Kafka table descriptions are built from.
 */

/** Trino types the JSON decoder maps message fields to. */
export type KafkaFieldType = "VARCHAR" | "BIGINT" | "INTEGER" | "DOUBLE" | "BOOLEAN" | "DATE" | "TIMESTAMP";

export interface KafkaJsonField {
  /** Column name in Trino (lowercase). */
  readonly name: string;
  readonly type: KafkaFieldType;
  /** JSON path of the value in the message. @default the column name */
  readonly mapping?: string;
}

export interface KafkaTopicSpec {
  /** Topic (and KafkaTopic resource) name, e.g. `orders-events`. */
  readonly name: string;
  /** Partitions: the upper bound of consumer parallelism. */
  readonly partitions: number;
  /** Hours messages are kept. @default 168 (7 days) */
  readonly retentionHours?: number;
  /** The JSON fields of its messages (Trino reads them as columns). */
  readonly fields: readonly KafkaJsonField[];
}

/** Events of the two sample pipelines: orders as the shop emits them, card transactions as authorised. */
export const PIPELINE_EVENT_TOPICS: readonly KafkaTopicSpec[] = [
  {
    name: "orders-events",
    partitions: 6,
    retentionHours: 168,
    fields: [
      { name: "order_id", type: "VARCHAR" },
      { name: "order_date", type: "DATE" },
      { name: "country", type: "VARCHAR" },
      { name: "amount", type: "DOUBLE" },
      { name: "status", type: "VARCHAR" },
      { name: "event_ts", type: "TIMESTAMP" },
    ],
  },
  {
    name: "card-transactions",
    partitions: 12,
    retentionHours: 72,
    fields: [
      { name: "transaction_id", type: "VARCHAR" },
      { name: "card_id", type: "VARCHAR" },
      { name: "merchant_id", type: "VARCHAR" },
      { name: "amount", type: "DOUBLE" },
      { name: "currency", type: "VARCHAR" },
      { name: "transaction_ts", type: "TIMESTAMP" },
    ],
  },
];

const TOPIC_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const COLUMN = /^[a-z_][a-z0-9_]*$/;

/** Problems of a topic list, each naming `path[i]`. */
export function validateKafkaTopics(path: string, topics: readonly KafkaTopicSpec[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  topics.forEach((topic, i) => {
    const at = `${path}[${i}]`;
    if (!TOPIC_NAME.test(topic.name) || topic.name.length > 63) problems.push(`${at}.name: got ${JSON.stringify(topic.name)}; expected lowercase letters, digits and '-' (a DNS label, it is also the KafkaTopic's name)`);
    if (seen.has(topic.name)) problems.push(`${at}.name: ${JSON.stringify(topic.name)} is declared twice`);
    seen.add(topic.name);
    if (!Number.isInteger(topic.partitions) || topic.partitions < 1) problems.push(`${at}.partitions: got ${topic.partitions}; expected an integer of at least 1`);
    if (topic.retentionHours !== undefined && (!Number.isInteger(topic.retentionHours) || topic.retentionHours < 1)) problems.push(`${at}.retentionHours: got ${topic.retentionHours}; expected whole hours of at least 1`);
    if (topic.fields.length === 0) problems.push(`${at}.fields: empty; declare the message's JSON fields so Trino can read the topic`);
    topic.fields.forEach((field, j) => {
      if (!COLUMN.test(field.name)) problems.push(`${at}.fields[${j}].name: got ${JSON.stringify(field.name)}; expected a lowercase column name`);
    });
  });
  return problems;
}

/** The Trino table a topic appears as: `orders-events` → `orders_events`. */
export function trinoTableName(topic: string): string {
  return topic.replace(/-/g, "_");
}
