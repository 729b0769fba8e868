// Exit codes and the one stderr line every failure becomes. 0 ok, 1 the operation failed (the store
// refused, a file is missing, the config is invalid), 2 the command line itself was wrong.
import { CommanderError } from 'commander';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** A command line that parses but makes no sense (e.g. an admin address outside the new domain). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure with an exit code of its own, e.g. sendmail's 75 (EX_TEMPFAIL) that callers retry on. */
export class ExitCodeError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'ExitCodeError';
    this.exitCode = exitCode;
  }
}

/**
 * Commander has already printed its own usage errors (through `oneLine`) by the time it throws; its
 * help and version "errors" carry exit code 0.
 */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (err instanceof UsageError) return EXIT_USAGE;
  if (err instanceof ExitCodeError) return err.exitCode;
  return EXIT_ERROR;
}

/** The stderr line for an error commander did not print itself; undefined when nothing is to be printed. */
export function errorLine(err: unknown): string | undefined {
  if (err instanceof CommanderError) return undefined;
  const message = err instanceof Error ? err.message : String(err);
  return `error: ${oneLine(message)}`;
}

/** Folds a multi-line message (commander's "Did you mean …?", TOML excerpts) into one line. */
export function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}
