// The dispatcher's one place where errors become replies: StoreOpError codes → response codes, anything
// else → NO [SERVERBUG] with the stack in the log and never on the wire (DESIGN.md, RFC 5530 §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreOpError } from '../../src/mail/index.ts';
import { captureLog } from '../helpers/capture-log.ts';
import { startServiceServer } from '../helpers/imap-service-server.ts';

/** A StoreOpError a MailService method throws → the tagged reply to the command that called it. */
const STORE_ERRORS: ReadonlyArray<readonly [StoreOpError, string]> = [
  [new StoreOpError('not-found', 'No such mailbox'), 'NO [NONEXISTENT] No such mailbox'],
  [new StoreOpError('not-found', 'No such target', { tryCreate: 1 }), 'NO [TRYCREATE] No such target'],
  [new StoreOpError('exists', 'Already there'), 'NO [ALREADYEXISTS] Already there'],
  [new StoreOpError('over-quota', 'Quota exceeded'), 'NO [OVERQUOTA] Quota exceeded'],
  [new StoreOpError('has-children', 'Has children'), 'NO [HASCHILDREN] Has children'],
  [new StoreOpError('invalid-special-use', 'Bad use'), 'NO [USEATTR] Bad use'],
  [new StoreOpError('in-use', 'Busy'), 'NO [INUSE] Busy'],
  [new StoreOpError('invalid', 'Not allowed'), 'NO [CANNOT] Not allowed'],
  [new StoreOpError('no-such-code', 'Unmapped'), 'NO [SERVERBUG] Internal error, the failure was logged'],
];

test('turns each StoreOpError code into its response code', async (t) => {
  let next: Error = new Error('unset');
  const server = await startServiceServer(t, {
    override: () => ({
      quotaUsage: () => Promise.reject(next),
    }),
  });
  const client = await server.login();
  for (const [error, reply] of STORE_ERRORS) {
    next = error;
    assert.equal((await client.command('GETQUOTA ""', { tag: 'q' })).raw, `q ${reply}\r\n`, error.code);
  }
});

test('answers an unexpected failure with NO [SERVERBUG], logs its stack and keeps it off the wire', async (t) => {
  const { logger, lines } = captureLog();
  const server = await startServiceServer(t, {
    logger,
    override: () => ({
      listMailboxTree: () => Promise.reject(new TypeError('secret internals at line 42')),
    }),
  });
  const client = await server.login();
  const result = await client.command('LIST "" "*"', { tag: 'l' });
  assert.equal(result.raw, 'l NO [SERVERBUG] Internal error, the failure was logged\r\n');
  assert.equal((await client.command('NOOP', { tag: 'n' })).raw, 'n OK NOOP completed\r\n');
  const logged = lines as Array<{ msg?: string; command?: string; err?: { message?: string; stack?: string } }>;
  const failure = logged.find((entry) => entry.msg === 'command failed');
  assert.equal(failure?.command, 'LIST');
  assert.equal(failure?.err?.message, 'secret internals at line 42');
  assert.match(failure?.err?.stack ?? '', /TypeError: secret internals at line 42\n\s+at /);
});
