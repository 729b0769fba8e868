export { configSchema, listenerSchema, PROTOCOLS, DEFAULT_LISTENERS, ENCRYPTION_DEFAULT, type Config, type ListenerConfig, type Protocol } from './schema.ts';
export { loadConfig, parseConfig, configPath, effectiveListeners, ConfigError, CONFIG_FILE } from './load.ts';
