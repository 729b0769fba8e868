// Literals (synchronizing, LITERAL+, too large), BAD floods, over-long lines and the pre-login timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
