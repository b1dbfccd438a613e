// The typed, validated stack configuration: one schema, one error format (see infra/config/).
export { CONFIG_NAMESPACE, ENVIRONMENTS, VARIANTS, type Environment, type Variant } from "./config/keys";
export { configSchema, type ParsedConfig } from "./config/schema";
export { ConfigError, loadConfig, parseConfig, type ParseOptions, type PlatformConfig } from "./config/parse";
