import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { LAKE_ZONE_NAMES } from "../components/lake/lake-zone";
import { gcpSettingsSchema } from "./settings/gcp";
import { ossSettingsProblems, ossSettingsSchema } from "./settings/oss";
import { declaredPipelines } from "./pipelines";
import { minioServersProblems } from "../components/lake/minio-lake";
import { minioDrivesProblems } from "../components/lake/minio-drives";
import {
  DEFAULT_MC_IMAGE,
  DEFAULT_MINIO_IMAGE,
  imageReferenceProblems,
  type ImageReference,
} from "../components/lake/minio-images";
import { AZURE_REGIONS, GCP_REGIONS, OSS_REGION_PATTERN } from "./regions";

/** The config namespace: every key in a stack file is `batch-platform:<key>`. */
export const CONFIG_NAMESPACE = "batch-platform";

export const VARIANTS = ["oss", "azure", "gcp"] as const;
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

export type Variant = (typeof VARIANTS)[number];
export type Environment = (typeof ENVIRONMENTS)[number];

const GCP_STORAGE_CLASSES = ["STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE"] as const;
const AZURE_ACCESS_TIERS = ["Hot", "Cool", "Cold"] as const;

const positiveDays = z.number().int().min(1).max(36500);

const lakeZoneSchema = z.strictObject({
  /** Objects older than this are deleted; omit to keep data forever. */
  retentionDays: positiveDays.optional(),
  /** Objects older than this move to the cold class/tier; omit to never tier. */
  coldAfterDays: positiveDays.optional(),
  /** Keep previous object versions (GCS/MinIO versioning; soft delete on ADLS with HNS). */
  versioning: z.boolean().default(false),
  /** GCS storage class or Azure access tier of new objects; MinIO has only one class. */
  storageClass: z.enum([...GCP_STORAGE_CLASSES, ...AZURE_ACCESS_TIERS]).optional(),
});

/** An image reference in parts; each part left out keeps the default's (checked by imageReferenceProblems). */
function imageSchema(fallback: ImageReference) {
  return z
    .strictObject({
      registry: z.string().min(1).default(fallback.registry),
      repository: z.string().min(1).default(fallback.repository),
      tag: z.string().min(1).default(fallback.tag),
      /** `sha256:…` of the build you pushed; pins it exactly. */
      digest: z.string().min(1).optional(),
    })
    .default({ ...fallback });
}

const minioSchema = z.strictObject({
  /** MinIO server pods; 1 runs standalone, 4+ runs distributed with erasure coding. */
  servers: z.number().int().min(1).max(32).default(1),
  drivesPerServer: z.number().int().min(1).max(16).default(1),
  /** PVC size per drive, a Kubernetes quantity. */
  volumeSize: z.string().regex(/^[1-9][0-9]*(Mi|Gi|Ti)$/).default("10Gi"),
  storageClassName: z.string().min(1).optional(),
  /** A Secret with `public.crt`/`private.key` (e.g. issued by cert-manager); turns TLS on. */
  tlsSecretName: z.string().min(1).optional(),
  cpu: z.string().regex(/^[0-9]+m?$/).default("250m"),
  memory: z.string().regex(/^[1-9][0-9]*(Mi|Gi)$/).default("1Gi"),
  /** The server image: MinIO publishes none for its last release, build it (docs/oss.md, "MinIO image"). */
  image: imageSchema(DEFAULT_MINIO_IMAGE),
  /** The `mc` image of the chart's bucket and lifecycle jobs. */
  mcImage: imageSchema(DEFAULT_MC_IMAGE),
});

const lakeSchema = z.strictObject({
  zones: z.strictObject({
    landing: lakeZoneSchema,
    processing: lakeZoneSchema,
    curated: lakeZoneSchema,
  }),
  /** Storage account redundancy on Azure (ZRS/GZRS are zone-redundant). */
  redundancy: z.enum(["LRS", "ZRS", "GRS", "GZRS"]).optional(),
  minio: minioSchema.optional(),
});

const nodePoolSchema = z.strictObject({
  /** VM type (GKE/AKS); for an existing OSS cluster it documents what the pool is made of. */
  machineType: z.string().min(1),
  minNodes: z.number().int().min(0).max(1000),
  maxNodes: z.number().int().min(1).max(1000),
  /** Spot / preemptible capacity; only the batch pool may be spot. */
  spot: z.boolean().default(false),
  /** Hourly price of one node, for OSS clusters whose nodes the cloud catalog cannot price. */
  hourlyUsd: z.number().min(0).optional(),
});

const clusterSchema = z.strictObject({
  /** kubeconfig context of an existing cluster (oss); ambient context when omitted. */
  context: z.string().min(1).optional(),
  /** Zones to spread stateful workloads and node pools over. */
  zones: z.array(z.string().min(1)).min(1).max(5).optional(),
  nodePools: z
    .strictObject({
      system: nodePoolSchema,
      stateful: nodePoolSchema,
      batch: nodePoolSchema,
    })
    .optional(),
});

const labelsSchema = z.strictObject({
  costCenter: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
  /** Team or person accountable; a label value on every cloud, so lowercase letters, digits, `-`, `_`. */
  owner: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
});

/** The schema of every `batch-platform:*` key. Unknown keys are errors. */
export const configSchema = z.strictObject({
  variant: z.enum(VARIANTS),
  environment: z.enum(ENVIRONMENTS),
  region: z.string().min(1),
  /** Prefix of globally unique names (buckets, storage accounts): lowercase letters and digits. */
  namePrefix: z.string().regex(/^[a-z][a-z0-9]{2,11}$/),
  labels: labelsSchema,
  /** Secret kubeconfig of an existing cluster (oss); ambient kubeconfig when omitted. */
  kubeconfig: z.string().min(1).optional(),
  cluster: clusterSchema.default({}),
  lake: lakeSchema,
  /** `protect` + `retainOnDelete` on data-bearing resources; defaults to true in prod. */
  protectData: z.boolean().optional(),
  /** Names of the declared pipelines (pipelines/<name>.yaml) this stack runs; all of them when omitted. */
  pipelines: z.array(z.string().min(1)).optional(),
  /** Settings of the all-OSS variant (see infra/settings/oss.ts). */
  oss: ossSettingsSchema.default(() => ossSettingsSchema.parse({})),
  /** Settings of the GCP hybrid variant (see infra/settings/gcp.ts). */
  gcp: gcpSettingsSchema.default(() => gcpSettingsSchema.parse({})),
});

type ParsedConfig = z.infer<typeof configSchema>;

/** The validated stack configuration every component receives its arguments from. */
export interface PlatformConfig extends Omit<ParsedConfig, "kubeconfig" | "protectData"> {
  readonly stack: string;
  /** `gcp:project`, the Google provider's own setting (gcp variant): the one project everything goes in. */
  readonly googleProject?: string;
  /** The kubeconfig as a Pulumi secret, when given. */
  readonly kubeconfig?: pulumi.Output<string>;
  readonly protectData: boolean;
}

/** Thrown for an invalid configuration: one line per problem, shown without a stack trace. */
export class ConfigError extends pulumi.RunError {
  constructor(readonly problems: readonly string[]) {
    super(`invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function keyPath(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return `${CONFIG_NAMESPACE}:${[head, ...rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))].join("").replace(/\.\[/g, "[")}`;
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected === "int" ? "an integer" : issue.expected}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return issue.origin === "number" ? `expected ${Number.isInteger(Number(issue.minimum)) ? "an integer " : "a number "}>= ${issue.minimum}` : `expected at least ${issue.minimum} ${issue.origin === "string" ? "characters" : "items"}`;
    case "too_big":
      return `expected at most ${issue.maximum}`;
    case "invalid_format":
      return issue.format === "regex" && "pattern" in issue ? `expected a value matching ${issue.pattern}` : `expected ${issue.format}`;
    default:
      return issue.message;
  }
}

/** Formats zod issues as `key.path: got <value>; expected <what is allowed>` lines. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const parent = valueAt(input, issue.path);
      const allowed = Object.keys(shapeAt(issue.path));
      for (const key of issue.keys) {
        lines.push(`${keyPath([...issue.path, key])}: unknown key (got ${show((parent as Record<string, unknown>)[key])}); allowed keys here: ${allowed.join(", ")}`);
      }
      continue;
    }
    lines.push(`${keyPath(issue.path)}: got ${show(valueAt(input, issue.path))}; ${expectation(issue)}`);
  }
  return lines;
}

/** The object shape at a path of the schema, to list allowed keys in messages. */
function shapeAt(path: readonly PropertyKey[]): Record<string, unknown> {
  let schema: z.core.$ZodType = configSchema;
  for (const key of path) {
    const unwrapped = unwrap(schema);
    if (!(unwrapped instanceof z.ZodObject)) return {};
    schema = unwrapped.shape[String(key)] as z.core.$ZodType;
    if (!schema) return {};
  }
  const unwrapped = unwrap(schema);
  return unwrapped instanceof z.ZodObject ? unwrapped.shape : {};
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.core.$ZodType;
  }
  return current;
}

/** Checks that depend on the variant: the region belongs to its cloud, storage classes fit it. */
function variantProblems(config: ParsedConfig, input: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const region = config.region;
  if (config.variant === "gcp" && !(GCP_REGIONS as readonly string[]).includes(region)) {
    problems.push(`${CONFIG_NAMESPACE}:region: got ${show(region)}; expected a GCP region, one of ${GCP_REGIONS.join(", ")}`);
  }
  if (config.variant === "azure" && !(AZURE_REGIONS as readonly string[]).includes(region)) {
    problems.push(`${CONFIG_NAMESPACE}:region: got ${show(region)}; expected an Azure region, one of ${AZURE_REGIONS.join(", ")}`);
  }
  if (config.variant === "oss" && !OSS_REGION_PATTERN.test(region)) {
    problems.push(`${CONFIG_NAMESPACE}:region: got ${show(region)}; expected the cluster's region label (lowercase letters, digits, '-')`);
  }
  for (const zone of LAKE_ZONE_NAMES) {
    const settings = config.lake.zones[zone];
    const path = `${CONFIG_NAMESPACE}:lake.zones.${zone}`;
    const allowed: readonly string[] = config.variant === "gcp" ? GCP_STORAGE_CLASSES : config.variant === "azure" ? AZURE_ACCESS_TIERS : [];
    if (settings.storageClass !== undefined && !allowed.includes(settings.storageClass)) {
      problems.push(`${path}.storageClass: got ${show(settings.storageClass)}; expected ${allowed.length ? `one of ${allowed.join(", ")} for variant ${config.variant}` : `nothing for variant ${config.variant} (MinIO has one storage class)`}`);
    }
    if (config.variant === "oss" && settings.coldAfterDays !== undefined) {
      problems.push(`${path}.coldAfterDays: got ${settings.coldAfterDays}; expected nothing for variant oss (MinIO has no cold tier here)`);
    }
    if (settings.retentionDays !== undefined && settings.coldAfterDays !== undefined && settings.coldAfterDays >= settings.retentionDays) {
      problems.push(`${path}.coldAfterDays: got ${settings.coldAfterDays}; expected fewer days than retentionDays (${settings.retentionDays})`);
    }
  }
  if (config.lake.redundancy !== undefined && config.variant !== "azure") {
    problems.push(`${CONFIG_NAMESPACE}:lake.redundancy: got ${show(config.lake.redundancy)}; expected nothing for variant ${config.variant} (Azure only)`);
  }
  if (config.lake.minio !== undefined && config.variant !== "oss") {
    problems.push(`${CONFIG_NAMESPACE}:lake.minio: got an object; expected nothing for variant ${config.variant} (MinIO is the oss lake)`);
  }
  for (const section of ["oss", "gcp"] as const) {
    // Only what the stack file set counts, not the defaults the schema filled in.
    if (section !== config.variant && input[section] !== undefined) {
      problems.push(`${CONFIG_NAMESPACE}:${section}: got settings; expected nothing for variant ${config.variant} (they would be ignored)`);
    }
  }
  if (config.lake.minio) {
    const minio = config.lake.minio;
    const path = `${CONFIG_NAMESPACE}:lake.minio`;
    problems.push(...minioServersProblems(minio.servers, `${path}.servers`));
    problems.push(...minioDrivesProblems(minio.servers, minio.drivesPerServer, `${path}.drivesPerServer`));
    problems.push(...imageReferenceProblems(`${path}.image`, minio.image));
    problems.push(...imageReferenceProblems(`${path}.mcImage`, minio.mcImage));
  }
  // Cross-field rules of the variant sections, checked here so the whole config fails at once.
  if (config.variant === "oss") problems.push(...ossSettingsProblems(config.oss));
  const declared = declaredPipelines.map((p) => p.name);
  const unknown = (config.pipelines ?? []).filter((name) => !declared.includes(name));
  if (unknown.length > 0) {
    problems.push(`${CONFIG_NAMESPACE}:pipelines: got ${show(unknown)}; expected names of files in pipelines/ (${declared.join(", ")})`);
  }
  const pools = config.cluster.nodePools;
  if (pools) {
    for (const [pool, settings] of Object.entries(pools)) {
      if (settings.minNodes > settings.maxNodes) {
        problems.push(`${CONFIG_NAMESPACE}:cluster.nodePools.${pool}.minNodes: got ${settings.minNodes}; expected at most maxNodes (${settings.maxNodes})`);
      }
      if (pool !== "batch" && settings.spot) {
        problems.push(`${CONFIG_NAMESPACE}:cluster.nodePools.${pool}.spot: got true; expected false (only the batch pool may run on spot capacity)`);
      }
    }
  }
  return problems;
}

/**
 * Stack config values arrive as strings (objects as JSON, as the Pulumi CLI passes them).
 * A value that parses as JSON is taken as such; anything else stays a string.
 */
function decodeValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * Parses and validates the raw `project:key → value` map; pure, so tests call it directly.
 * Throws a {@link ConfigError} listing every problem.
 */
export function parseConfig(raw: Readonly<Record<string, string>>, stack: string): PlatformConfig {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const [namespace, ...rest] = key.split(":");
    if (namespace !== CONFIG_NAMESPACE) continue; // provider settings such as gcp:project
    const name = rest.join(":");
    input[name] = name === "kubeconfig" ? value : decodeValue(value);
  }
  const result = configSchema.safeParse(input);
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues, input));
  const googleProject = raw["gcp:project"];
  const problems = variantProblems(result.data, input);
  if (result.data.variant === "gcp" && (googleProject === undefined || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(googleProject))) {
    problems.push(`gcp:project: got ${show(googleProject)}; expected the id of the project to deploy into, e.g. acme-data-prod`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const { kubeconfig, protectData, ...rest } = result.data;
  return {
    ...rest,
    stack,
    ...(googleProject !== undefined ? { googleProject } : {}),
    // Always a secret, whether or not the stack file encrypted it.
    kubeconfig: kubeconfig === undefined ? undefined : pulumi.secret(kubeconfig),
    protectData: protectData ?? result.data.environment === "prod",
  };
}

/** Reads the running stack's configuration once; components get typed args from it. */
export function loadConfig(): PlatformConfig {
  return parseConfig(pulumi.runtime.allConfig(), pulumi.getStack());
}
