// Kafka (Strimzi) for pipeline events.
export { KafkaCluster, KAFKA_PRESETS, type KafkaClusterArgs } from "./kafka-cluster";
export { PIPELINE_EVENT_TOPICS, type KafkaTopicSpec } from "./kafka-topics";
