export { configSchema, listenerSchema, PROTOCOLS, DEFAULT_LISTENERS, REQUIRE_TLS_DEFAULT, type Config, type ListenerConfig, type Protocol } from './schema.ts';
export { loadConfig, parseConfig, configPath, effectiveListeners, ConfigError, CONFIG_FILE } from './load.ts';
