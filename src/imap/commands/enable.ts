// ENABLE (RFC 5161 §3.1): turns on the extensions the client names among those we advertise and that
// need enabling; `* ENABLED` lists the ones newly enabled. QRESYNC implies CONDSTORE (RFC 7162 §3.2.3).
import { defineCommand, never } from './command.ts';

/** The upper-cased name the parser gives → the name as advertised and kept in ctx.enabled. */
const ENABLEABLE: ReadonlyMap<string, string> = new Map([
  ['CONDSTORE', 'CONDSTORE'],
  ['QRESYNC', 'QRESYNC'],
  ['UTF8=ACCEPT', 'UTF8=ACCEPT'],
  ['IMAP4REV2', 'IMAP4rev2'],
]);

export const enable = defineCommand({
  name: 'ENABLE',
  phases: ['authenticated'],
  expungeSafe: never,
  async run(ctx, _state, command) {
    const advertised = new Set(ctx.capabilities());
    const wanted = command.capabilities.flatMap((name) => (name === 'QRESYNC' ? ['CONDSTORE', name] : [name]));
    const newly: string[] = [];
    for (const name of wanted) {
      const canonical = ENABLEABLE.get(name);
      if (canonical === undefined || !advertised.has(canonical) || ctx.enabled.has(canonical)) continue;
      ctx.enable(canonical);
      newly.push(canonical);
    }
    ctx.untagged(['ENABLED', ...newly].join(' '));
    return { status: 'OK', text: 'ENABLE completed' };
  },
});
