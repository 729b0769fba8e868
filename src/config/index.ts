export { configSchema, listenerSchema, PROTOCOLS, DEFAULT_LISTENERS, ACME_LISTENERS, ENCRYPTION_DEFAULT, LETS_ENCRYPT_DIRECTORY, LETS_ENCRYPT_STAGING_DIRECTORY, type Config, type ListenerConfig, type Protocol } from './schema.ts';
export { loadConfig, parseConfig, configPath, effectiveListeners, ConfigError, CONFIG_FILE } from './load.ts';
