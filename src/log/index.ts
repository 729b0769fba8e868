// Structured logging: one JSON object per line (pino). Every session logs through a child logger that
// carries its connection id, so one grep finds a whole conversation.
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination ?? pino.destination({ sync: true }));
}

/** A logger that writes nothing (tests and CLI commands that only print human output). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
