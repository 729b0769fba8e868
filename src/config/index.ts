export { configSchema, listenerSchema, PROTOCOLS, STANDARD_PORTS, type Config, type ListenerConfig, type Protocol } from './schema.ts';
export { loadConfig, parseConfig, configPath, effectiveListeners, ConfigError, CONFIG_FILE } from './load.ts';
