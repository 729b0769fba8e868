// The arguments of MAIL and RCPT: "FROM:" / "TO:", a path, then ESMTP parameters (RFC 5321 §4.1.1.2,
// §4.1.1.3). One leniency, shared with Postfix and most servers: spaces after the colon are skipped.
import { parsePath, type Path } from './path.ts';
import { parseParameters, type EsmtpParameter } from './parameters.ts';

export type EnvelopeArgumentsError = 'prefix' | 'path' | 'parameters';

export type EnvelopeArguments =
  | { ok: true; path: Path; parameters: EsmtpParameter[] }
  | { ok: false; error: EnvelopeArgumentsError };

export function parseEnvelopeArguments(args: string, keyword: 'FROM' | 'TO'): EnvelopeArguments {
  const prefix = `${keyword}:`;
  if (args.slice(0, prefix.length).toUpperCase() !== prefix) return { ok: false, error: 'prefix' };
  let start = prefix.length;
  while (args[start] === ' ') start++;
  if (args[start] !== '<') return { ok: false, error: 'path' };
  const path = parsePath(args, start);
  if (!path.ok) return { ok: false, error: 'path' };
  const rest = args.slice(path.end);
  if (rest !== '' && !rest.startsWith(' ')) return { ok: false, error: 'path' };
  const parameters = parseParameters(rest);
  if (!parameters.ok) return { ok: false, error: 'parameters' };
  return { ok: true, path: path.path, parameters: parameters.parameters };
}
