import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalPattern, patternMatcher } from '../../src/imap/list-matching.ts';
import { startMailboxServer, type MailboxServer } from '../helpers/imap-mailbox-server.ts';
import type { ImapTestClient } from '../helpers/imap-client.ts';

describe('list pattern matching', () => {
  const names = ['INBOX', 'INBOX/Sub', 'Work', 'Work/2024', 'Work/2024/Q1', 'Wo.rk', 'Übung'];
  const matching = (reference: string, pattern: string): string[] => names.filter(patternMatcher(canonicalPattern(reference, pattern)));

  test('star matches across the hierarchy and percent stops at the delimiter', () => {
    assert.deepEqual(matching('', '*'), names);
    assert.deepEqual(matching('', '%'), ['INBOX', 'Work', 'Wo.rk', 'Übung']);
    assert.deepEqual(matching('', 'Work/%'), ['Work/2024']);
    assert.deepEqual(matching('', 'Work/*'), ['Work/2024', 'Work/2024/Q1']);
  });

  test('the reference is a prefix unless the pattern starts with the delimiter', () => {
    assert.deepEqual(matching('Work/', '%'), ['Work/2024']);
    assert.deepEqual(matching('Work/', '/%'), []);
  });

  test('INBOX matches in any case and regex characters are literal', () => {
    assert.deepEqual(matching('', 'inbox'), ['INBOX']);
    assert.deepEqual(matching('', 'iNbOx/%'), ['INBOX/Sub']);
    assert.deepEqual(matching('', 'Wo.rk'), ['Wo.rk']);
    assert.deepEqual(matching('', 'Ü%'), ['Übung']);
  });
});

describe('LIST and LSUB over a session', () => {
  let server: MailboxServer;
  let client: ImapTestClient;
  before(async () => {
    server = await startMailboxServer();
    client = await server.login();
    for (const command of ['CREATE Work/2024', 'CREATE &ANw-bung', 'SUBSCRIBE INBOX', 'SUBSCRIBE Work/2024', 'SUBSCRIBE Gone']) {
      assert.equal((await client.command(command)).tagged.status, 'OK', command);
    }
  });
  after(() => server.stop());

  test('answers LIST "" "" with the hierarchy delimiter', async () => {
    assert.deepEqual((await client.command('LIST "" ""')).untagged, ['LIST (\\Noselect) "/" ""']);
  });

  test('lists every mailbox with children and special-use attributes, names in modified UTF-7', async () => {
    const result = await client.command('LIST "" "*"');
    assert.deepEqual(result.untagged, [
      'LIST (\\HasNoChildren \\Archive) "/" Archive',
      'LIST (\\HasNoChildren \\Drafts) "/" Drafts',
      'LIST (\\HasNoChildren) "/" INBOX',
      'LIST (\\HasNoChildren \\Junk) "/" Junk',
      'LIST (\\HasNoChildren \\Sent) "/" Sent',
      'LIST (\\HasNoChildren \\Trash) "/" Trash',
      'LIST (\\HasChildren) "/" Work',
      'LIST (\\HasNoChildren) "/" Work/2024',
      'LIST (\\HasNoChildren) "/" &ANw-bung',
    ]);
    assert.equal(result.tagged.text, 'LIST completed');
  });

  test('percent lists one level below the reference', async () => {
    assert.deepEqual((await client.command('LIST Work/ %')).untagged, ['LIST (\\HasNoChildren) "/" Work/2024']);
  });

  test('the SUBSCRIBED selection lists subscriptions (the default folders are subscribed), including one naming no mailbox', async () => {
    assert.deepEqual((await client.command('LIST (SUBSCRIBED) "" "*"')).untagged, [
      'LIST (\\HasNoChildren \\Archive \\Subscribed) "/" Archive',
      'LIST (\\HasNoChildren \\Drafts \\Subscribed) "/" Drafts',
      'LIST (\\HasNoChildren \\Subscribed) "/" INBOX',
      'LIST (\\HasNoChildren \\Junk \\Subscribed) "/" Junk',
      'LIST (\\HasNoChildren \\Sent \\Subscribed) "/" Sent',
      'LIST (\\HasNoChildren \\Trash \\Subscribed) "/" Trash',
      'LIST (\\HasNoChildren \\Subscribed) "/" Work/2024',
      'LIST (\\NonExistent \\Subscribed) "/" Gone',
    ]);
  });

  test('RECURSIVEMATCH reports an unsubscribed parent of a subscribed child with CHILDINFO', async () => {
    assert.deepEqual((await client.command('LIST (SUBSCRIBED RECURSIVEMATCH) "" "W%"')).untagged, [
      'LIST (\\HasChildren) "/" Work ("CHILDINFO" ("SUBSCRIBED"))',
    ]);
  });

  test('the SPECIAL-USE selection lists only special-use mailboxes', async () => {
    assert.deepEqual((await client.command('LIST (SPECIAL-USE) "" "*" RETURN (SPECIAL-USE)')).untagged, [
      'LIST (\\HasNoChildren \\Archive) "/" Archive',
      'LIST (\\HasNoChildren \\Drafts) "/" Drafts',
      'LIST (\\HasNoChildren \\Junk) "/" Junk',
      'LIST (\\HasNoChildren \\Sent) "/" Sent',
      'LIST (\\HasNoChildren \\Trash) "/" Trash',
    ]);
  });

  test('RETURN (SUBSCRIBED STATUS) adds \\Subscribed and a STATUS response after each mailbox', async () => {
    assert.deepEqual((await client.command('LIST "" "INBOX" RETURN (SUBSCRIBED STATUS (MESSAGES UNSEEN))')).untagged, [
      'LIST (\\HasNoChildren \\Subscribed) "/" INBOX',
      'STATUS INBOX (MESSAGES 0 UNSEEN 0)',
    ]);
  });

  test('names are UTF-8 once IMAP4rev2 is enabled', async () => {
    const utf8 = await server.login();
    assert.equal((await utf8.command('ENABLE IMAP4rev2')).tagged.status, 'OK');
    assert.deepEqual((await utf8.command('LIST "" "Ü*"')).untagged, ['LIST (\\HasNoChildren) "/" "Übung"']);
  });

  test('LSUB lists subscriptions and flags a missing one \\Noselect', async () => {
    assert.deepEqual((await client.command('LSUB "" "*"')).untagged, [
      'LSUB () "/" Archive',
      'LSUB () "/" Drafts',
      'LSUB (\\Noselect) "/" Gone',
      'LSUB () "/" INBOX',
      'LSUB () "/" Junk',
      'LSUB () "/" Sent',
      'LSUB () "/" Trash',
      'LSUB () "/" Work/2024',
    ]);
  });

  test('LSUB with percent returns the unsubscribed parent of a subscribed child as \\Noselect', async () => {
    assert.deepEqual((await client.command('LSUB "" "W%"')).untagged, ['LSUB (\\Noselect) "/" Work']);
  });
});
