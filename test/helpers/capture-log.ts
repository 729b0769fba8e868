// A logger whose JSON lines tests can read back: `lines` holds each line parsed, in order.
import { createLogger, type Logger } from '../../src/log/index.ts';

export interface CapturedLog {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
}

export function captureLog(level: Parameters<typeof createLogger>[0] = 'info'): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger(level, {
    write(line: string) {
      for (const part of line.split('\n')) if (part !== '') lines.push(JSON.parse(part) as Record<string, unknown>);
    },
  });
  return { logger, lines };
}
