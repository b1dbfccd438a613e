/**
 * Strimzi's custom resources as plan entity types. Strimzi 1.x serves only `kafka.strimzi.io/v1`;
 * plans made before the platform moved to it carry `v1beta2`. The rules know both, so a PR that
 * compares an old plan with a new one still judges (and flags) the Kafka resources on either side.
 */
const STRIMZI_API_VERSIONS = ["v1", "v1beta2"] as const;

export type StrimziKind = "Kafka" | "KafkaNodePool" | "KafkaTopic";

/** The entity types of one Strimzi kind, newest API first. */
export function strimziTypes(kind: StrimziKind): string[] {
  return STRIMZI_API_VERSIONS.map((version) => `kubernetes:kafka.strimzi.io/${version}:${kind}`);
}

/** Whether `type` is the Strimzi kind under any API version the rules know. */
export function isStrimziType(type: string, kind: StrimziKind): boolean {
  return strimziTypes(kind).includes(type);
}

/** `{ [type]: value }` for every API version of the kind: one entry per version in a type-keyed table. */
export function forStrimziTypes<T>(kind: StrimziKind, value: T): Record<string, T> {
  return Object.fromEntries(strimziTypes(kind).map((type) => [type, value]));
}
