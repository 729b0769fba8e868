// Session limits: unknown-command floods, over-long lines, the idle timeout (RFC 1939 §3 autologout)
// and connection limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pop3TestClient } from '../helpers/pop3-client.ts';
import { startPop3 } from './pop3-instance.ts';

test('unknown commands get -ERR and the session closes at max_bad_commands', async (t) => {
  const pop3 = await startPop3(t, { extraConfig: '[pop3]\nmax_bad_commands = 3\n' });
  const client = await pop3.connect();
  assert.equal(await client.command('HELO there'), '-ERR Unknown command');
  assert.equal(await client.command(''), '-ERR Empty command');
  assert.equal(await client.command('APOP alice 0123456789abcdef'), '-ERR Unknown command; too many invalid commands, closing the connection');
  await client.expectClose();
});

test('a line longer than max_line_length gets -ERR and closes the connection', async (t) => {
  const pop3 = await startPop3(t, { extraConfig: '[pop3]\nmax_line_length = 100\n' });
  const client = await pop3.connect();
  assert.equal(await client.command(`USER ${'x'.repeat(200)}`), '-ERR Line too long, closing the connection');
  await client.expectClose();
});

test('an idle session is told and closed after idle_timeout', async (t) => {
  const pop3 = await startPop3(t, { extraConfig: '[pop3]\nidle_timeout = "1s"\n' });
  const client = await pop3.connect();
  assert.equal(await client.line(3000), '-ERR Disconnected for inactivity');
  await client.expectClose();
});

test('connections over max_connections_per_ip get -ERR [SYS/TEMP] Too many connections', async (t) => {
  const pop3 = await startPop3(t, { extraConfig: '[pop3]\nmax_connections_per_ip = 1\n' });
  await pop3.connect();
  const refused = await Pop3TestClient.connect(pop3.port);
  t.after(() => refused.close());
  assert.equal(await refused.line(), '-ERR [SYS/TEMP] Too many connections');
  await refused.expectClose();
});
