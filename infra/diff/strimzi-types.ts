/**
 * Strimzi's custom resources as plan entity types. Strimzi 1.x serves only `kafka.strimzi.io/v1`;
 * plans made before the platform moved to it carry `v1beta2`. The rules know both, so a PR that
 * compares an old plan with a new one still judges (and flags) the Kafka resources on either side.
 */
const STRIMZI_API_VERSIONS = ["v1", "v1beta2"] as const;
const STRIMZI_KINDS = ["Kafka", "KafkaNodePool", "KafkaTopic"] as const;

export type StrimziKind = (typeof STRIMZI_KINDS)[number];

const STRIMZI_TYPE = /^kubernetes:kafka\.strimzi\.io\/([^:]+):([A-Za-z]+)$/;

/** The Strimzi kind of an entity type under any API version the rules know, or undefined. */
export function strimziKind(type: string): StrimziKind | undefined {
  const match = STRIMZI_TYPE.exec(type);
  if (!match || !(STRIMZI_API_VERSIONS as readonly string[]).includes(match[1]!)) return undefined;
  return STRIMZI_KINDS.find((kind) => kind === match[2]);
}

/** Whether `type` is the Strimzi kind under any API version the rules know. */
export function isStrimziType(type: string, kind: StrimziKind): boolean {
  return strimziKind(type) === kind;
}

/** `{ [type]: value }` for every API version of the kind: one entry per version in a type-keyed table. */
export function forStrimziTypes<T>(kind: StrimziKind, value: T): Record<string, T> {
  return Object.fromEntries(
    STRIMZI_API_VERSIONS.map((version) => [`kubernetes:kafka.strimzi.io/${version}:${kind}`, value]),
  );
}
