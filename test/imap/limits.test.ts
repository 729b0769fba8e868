// Literals (synchronizing, LITERAL+, too large), BAD floods, over-long lines (in commands, AUTHENTICATE
// and IDLE), the pre-login timeout, connection limits (RFC 9051 §7.1.5 BYE greeting) and their reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImapTestClient } from '../helpers/imap-client.ts';
import { startImap } from '../helpers/imap-instance.ts';

const LIMITS = '[imap]\nauth_failure_delay = "10ms"\nmax_literal_size = "1KB"\nmax_line_length = "1KB"\nmax_bad_commands = 3\npreauth_timeout = "300ms"\n';

test('sends + Ready for a synchronizing literal and reads the command after it', async (t) => {
  const imap = await startImap(t, { extraConfig: LIMITS });
  const client = await imap.connect();
  const result = await client.command(['ID ("name" ', { literal: 'sync client' }, ')'], { tag: 's' });
  assert.equal(result.tagged.status, 'OK');
});

test('reads a non-synchronizing literal (LITERAL+) without a continuation', async (t) => {
  const imap = await startImap(t, { extraConfig: LIMITS });
  const client = await imap.connect();
  const result = await client.command(['ID ("name" ', { literal: 'plus client', plus: true }, ')'], { tag: 'p' });
  assert.equal(result.raw, '* ID ("name" "Mailstead" "version" "0.1.0")\r\np OK ID completed\r\n');
});

test('refuses a synchronizing literal over the limit with NO [TOOBIG] and stays in step', async (t) => {
  const imap = await startImap(t, { extraConfig: LIMITS });
  const client = await imap.connect();
  client.send('big ID ("name" {2000}\r\n');
  assert.equal((await client.readTagged('big')).raw, 'big NO [TOOBIG] Literal too large\r\n');
  assert.equal((await client.command('NOOP', { tag: 'n' })).raw, 'n OK NOOP completed\r\n');
});

test('closes the connection after a non-synchronizing literal over the limit', async (t) => {
  const imap = await startImap(t, { extraConfig: LIMITS });
  const client = await imap.connect();
  client.send(`big ID ("name" {2000+}\r\n${'x'.repeat(2000)})\r\n`);
  assert.equal(await client.expectClose(), 'big BAD [TOOBIG] Literal too large\r\n* BYE Cannot read the rest of the input\r\n');
});

test('closes the connection after a line over max_line_length', async (t) => {
  const imap = await startImap(t, { extraConfig: LIMITS });
  const client = await imap.connect();
  client.send(`long NOOP ${'x'.repeat(1100)}\r\n`);
  assert.equal(await client.expectClose(), '* BAD Command line too long\r\n* BYE Cannot read the rest of the input\r\n');
});

test('disconnects after max_bad_commands BAD replies', async (t) => {
  const imap = await startImap(t, { extraConfig: LIMITS });
  const client = await imap.connect();
  client.send('a FROB\r\nb FROB\r\nc FROB\r\nd NOOP\r\n');
  assert.equal(
    await client.expectClose(),
    'a BAD Unknown command FROB\r\nb BAD Unknown command FROB\r\nc BAD Unknown command FROB\r\n* BYE Too many invalid commands\r\n',
  );
});

test('logs out a client that does not log in within preauth_timeout', async (t) => {
  const imap = await startImap(t, { extraConfig: LIMITS });
  const client = await imap.connect();
  assert.equal(await client.expectClose(3000), '* BYE Autologout; idle for too long\r\n');
});

test('answers a line over max_line_length during AUTHENTICATE with * BYE before closing', async (t) => {
  const imap = await startImap(t, { extraConfig: LIMITS });
  const client = await imap.connect();
  assert.equal((await client.startTls()).tagged.status, 'OK');
  client.send('a AUTHENTICATE PLAIN\r\n');
  assert.equal((await client.next()).kind, 'continuation');
  client.send(`${'A'.repeat(1100)}\r\n`);
  assert.equal(await client.expectClose(), '* BAD Line too long\r\n* BYE Cannot read the rest of the input\r\n');
});

test('answers a line over max_line_length during IDLE with * BYE before closing', async (t) => {
  const imap = await startImap(t, { extraConfig: LIMITS.replace('preauth_timeout = "300ms"\n', '') });
  const client = await imap.loggedIn();
  client.send('i IDLE\r\n');
  assert.equal((await client.next()).text, 'idling');
  client.send(`${'D'.repeat(1100)}\r\n`);
  assert.equal(await client.expectClose(), '* BAD Line too long\r\n* BYE Cannot read the rest of the input\r\n');
});

const TWO_IMAP_LISTENERS =
  `[[listeners]]\nprotocol = "smtp"\naddress = "127.0.0.1"\nport = 0\ntls = "none"\n\n` +
  `[[listeners]]\nprotocol = "imap"\naddress = "127.0.0.1"\nport = 0\ntls = "starttls"\n\n` +
  `[[listeners]]\nprotocol = "imap"\naddress = "127.0.0.1"\nport = 0\ntls = "none"\nencryption = "optional"\n`;

const UNAVAILABLE = 'BYE [UNAVAILABLE] Too many connections, try again later';

test('refuses a connection over max_connections_per_ip with * BYE [UNAVAILABLE]', async (t) => {
  const imap = await startImap(t, { extraConfig: '[imap]\nmax_connections_per_ip = 2\n' });
  await imap.connect();
  await imap.connect();
  const refused = await ImapTestClient.connect(imap.port);
  t.after(() => refused.close());
  assert.equal(await refused.expectClose(), `* ${UNAVAILABLE}\r\n`);
});

test('refuses a connection over max_connections, counted across listeners, with * BYE [UNAVAILABLE]', async (t) => {
  const imap = await startImap(t, { extraConfig: '[imap]\nmax_connections = 2\n', listeners: TWO_IMAP_LISTENERS });
  const second = imap.server.listeners.filter((listener) => listener.protocol === 'imap')[1]!.port;
  await imap.connect();
  await imap.connect(second);
  const refused = await ImapTestClient.connect(second);
  t.after(() => refused.close());
  assert.equal(await refused.expectClose(), `* ${UNAVAILABLE}\r\n`);
});

test('applies new connection limits after a reload (SIGHUP)', async (t) => {
  const imap = await startImap(t, { extraConfig: '[imap]\nmax_connections_per_ip = 1\n' });
  await imap.connect();
  const refused = await ImapTestClient.connect(imap.port);
  t.after(() => refused.close());
  assert.equal(await refused.expectClose(), `* ${UNAVAILABLE}\r\n`);
  const config = join(imap.dir, 'mailstead.toml');
  await writeFile(config, (await readFile(config, 'utf8')).replace('max_connections_per_ip = 1', 'max_connections_per_ip = 2'));
  await imap.server.reload();
  const admitted = await ImapTestClient.connect(imap.port);
  t.after(() => admitted.close());
  assert.match(await admitted.greeting(), /^OK \[CAPABILITY /);
});
