import ipaddr from "ipaddr.js";
import { z } from "zod";
import { cpuQuantitySchema } from "../../components/k8s/quantities";

/**
 * The leaf value types of the stack configuration. Every string that reaches a name, label, Helm
 * value, script or manifest is one of these, so it is checked for what it is. Each `error` text is
 * the "expected …" half of a problem line.
 *
 * `pulumi config set --path` stores `true`/`false` as booleans and integers as numbers, everything
 * else (also `0.12`) as text; YAML does its own typing. Where the meaning is the same either way
 * the value is normalised; where it is not, the message names `--type`.
 */

const NUMBER_TEXT = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;

/**
 * JSON Schema of the other form a value may take (`"0.12"` for a number), kept with the zod schema
 * so the generated stack-file schema (infra/config/json-schema.ts) lets editors accept it too.
 */
export const ALSO_ACCEPTS = new WeakMap<z.core.$ZodType, Record<string, unknown>>();

function alsoAccepts<T extends z.core.$ZodType>(schema: T, alternative: Record<string, unknown>): T {
  ALSO_ACCEPTS.set(schema, alternative);
  return schema;
}

function numberFromText(value: unknown): unknown {
  return typeof value === "string" && NUMBER_TEXT.test(value.trim()) ? Number(value) : value;
}

function booleanFromText(value: unknown): unknown {
  return value === "true" ? true : value === "false" ? false : value;
}

/** Integers and booleans become the text typed (what `--path` made of it); other numbers stay to be refused. */
function textFromInteger(value: unknown): unknown {
  return (typeof value === "number" && Number.isSafeInteger(value)) || typeof value === "boolean"
    ? String(value)
    : value;
}

// `cpu: 2` (YAML) and `--path … cpu 2` store a number: the same number of cores.
alsoAccepts(cpuQuantitySchema, { type: "number", exclusiveMinimum: 0 });

/** A number; `"0.12"` (what `--path … 0.12` stores) counts as 0.12. */
export function numberValue(schema: z.ZodNumber = z.number()) {
  return alsoAccepts(z.preprocess(numberFromText, schema), { type: "string", pattern: NUMBER_TEXT.source });
}

/** A whole number in a range; `"3"` counts as 3. */
export function integerValue(min: number, max: number) {
  return alsoAccepts(z.preprocess(numberFromText, z.number().int().min(min).max(max)), {
    type: "string",
    pattern: "^[+-]?[0-9]+$",
  });
}

/** `true` or `false`, also as the text `"true"`/`"false"` (top-level keys are always text). */
export const booleanValue = alsoAccepts(
  z.preprocess(
    booleanFromText,
    z.boolean({ error: "true or false (lowercase; `pulumi config set --path --type bool` stores a boolean)" }),
  ),
  { enum: ["true", "false"] },
);

/**
 * Text of a given form. A whole number is taken as its digits (a zone `1`, a tag `10`); any other
 * number (YAML reads `1.10` as 1.1) is refused, since its text may not be what was typed.
 */
export function textValue(schema: z.ZodString) {
  return alsoAccepts(z.preprocess(textFromInteger, schema), { type: ["integer", "boolean"] });
}

function text(pattern: RegExp, expected: string, max = 253) {
  const what = `${expected} (quote it in the stack file, or set it with \`pulumi config set --path --type string\`)`;
  return textValue(
    z
      .string({ error: what })
      .max(max, { error: `${expected}, at most ${max} characters` })
      .regex(pattern, { error: expected }),
  );
}

/** A DNS-1123 label (namespace names): 1–63 lowercase letters, digits and `-`, alphanumeric at both ends. */
export const dnsLabel = text(
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  "a DNS-1123 label: lowercase letters, digits and '-', starting and ending alphanumeric",
  63,
);

/** A DNS-1123 subdomain (StorageClass and Secret names): up to 253 characters of DNS labels joined by `.`. */
export const dnsSubdomain = text(
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  "a DNS-1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending alphanumeric",
);

/** A StorageClass name. */
export const storageClassName = dnsSubdomain;
/** A Secret name. */
export const secretName = dnsSubdomain;

/**
 * A label value every target takes: Kubernetes label values, GCP labels and Azure tags alike —
 * lowercase letters, digits, `_` and `-`, alphanumeric at both ends, at most 63 characters.
 */
export const labelValue = text(
  /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$/,
  "a label value: lowercase letters, digits, '_' and '-', starting and ending alphanumeric",
  63,
);

/** A Kubernetes label key with an optional DNS prefix, such as `batch-platform.io/pool`. */
export const labelKey = text(
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
  "a label key like batch-platform.io/pool",
);

/** A kubeconfig context name: printable, no spaces or shell metacharacters. */
export const contextName = text(/^[A-Za-z0-9@:._/-]+$/, "a kubeconfig context name (letters, digits and @ : . _ / -)");

/** A free-form machine type name as an OSS cluster documents it (`8vcpu-32gb`); cloud stacks check the catalog. */
export const machineTypeName = text(
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/,
  "a machine type name such as n2-standard-8 or Standard_D4s_v5",
  63,
);

/** A GCP-style display name (authorized networks): letters, digits, space, `_ . -`. */
export const displayName = text(
  /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/,
  "a name of letters, digits, space and _ . - (at most 64)",
  64,
);

/** A Docker image tag. */
export const imageTag = text(
  /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
  "a Docker tag (letters, digits, _ . -, at most 128)",
  128,
);

/** A pinned image: `[registry/]repository:tag`, optionally `@sha256:…`; a `latest` tag moves, so it is refused. */
export const pinnedImage = text(
  /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*:(?!latest(@|$))[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[0-9a-f]{64})?$/,
  "an image with a release tag, e.g. registry.example.com/spark-delta:4.1.3-1 (optionally @sha256:…; never latest)",
);

/** `thrift://host:port`. */
export const thriftUri = text(/^thrift:\/\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?:[0-9]{1,5}$/, "thrift://host:9083");

/** A Spark (JVM-style) memory size: `512m`, `4g` (not a Kubernetes quantity: `m` is MiB here). */
export const sparkMemory = text(/^[1-9][0-9]{0,6}[mg]$/, "a Spark size like 512m or 4g");

/** Whole days, 1 to 100 years. */
export const days = integerValue(1, 36500);

/**
 * An IPv4 or IPv6 CIDR block, parsed for real (`999.20.0.0/99` is not one) and written as its
 * network address (`10.0.0.1/8` has host bits set: `10.0.0.0/8` is meant, or a longer prefix).
 */
export function cidrBlock(options: { readonly ipv6?: boolean } = {}) {
  const family = options.ipv6 ? "an IPv4 or IPv6 CIDR" : "an IPv4 CIDR";
  return textValue(z.string({ error: `${family} like 10.0.0.0/16` })).superRefine((value, ctx) => {
    const problem = cidrProblem(value, options.ipv6 ?? false);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem.replace("%FAMILY%", family) });
  });
}

function cidrProblem(value: string, ipv6: boolean): string | undefined {
  const [address = "", prefix = "", ...rest] = value.split("/");
  const strictAddress = ipaddr.IPv4.isValidFourPartDecimal(address) || (ipv6 && ipaddr.IPv6.isValid(address));
  if (rest.length > 0 || !strictAddress || !/^[0-9]{1,3}$/.test(prefix)) return "%FAMILY% like 10.0.0.0/16";
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(value);
  } catch {
    return `%FAMILY% like 10.0.0.0/16 (a prefix length of at most ${address.includes(":") ? 128 : 32})`;
  }
  const network = ipaddr.IPv4.isValid(address)
    ? ipaddr.IPv4.networkAddressFromCIDR(value)
    : ipaddr.IPv6.networkAddressFromCIDR(value);
  if (network.toString() !== parsed[0].toString())
    return `the network address ${network.toString()}/${parsed[1]} (host bits are set)`;
  return undefined;
}
