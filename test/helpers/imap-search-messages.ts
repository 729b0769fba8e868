// Three small messages for SEARCH, SORT and THREAD tests: two about one subject (the second a reply by
// In-Reply-To, its sender's name an encoded word, its Date in another zone) and one about another.
import assert from 'node:assert/strict';
import { startMailboxServer, type MailboxServer } from './imap-mailbox-server.ts';
import type { ImapTestClient } from './imap-client.ts';

export const SEARCH_MESSAGES = [
  'From: Alice <alice@example.test>\r\nTo: team@example.test\r\nSubject: Quarterly report\r\nDate: Mon, 6 Jan 2025 10:00:00 +0000\r\nMessage-ID: <q1@example.test>\r\nX-Priority: 1\r\n\r\nbudget numbers\r\n',
  'From: =?UTF-8?Q?J=C3=BCrgen?= <juergen@example.test>\r\nTo: team@example.test\r\nSubject: Re: Quarterly report\r\nDate: Tue, 7 Jan 2025 23:30:00 -0800\r\nMessage-ID: <q2@example.test>\r\nIn-Reply-To: <q1@example.test>\r\n\r\nlooks fine to me\r\n',
  'From: bob@example.test\r\nTo: team@example.test\r\nCc: carol@example.test\r\nSubject: Lunch\r\nDate: Wed, 8 Jan 2025 12:00:00 +0000\r\nMessage-ID: <l1@example.test>\r\n\r\npizza today?\r\n',
];

/** A server whose INBOX holds SEARCH_MESSAGES (1 \Seen, 2 \Flagged), selected by the returned client. */
export async function searchServer(): Promise<{ server: MailboxServer; client: ImapTestClient }> {
  const server = await startMailboxServer();
  const client = await server.login();
  const flags = ['(\\Seen) ', '(\\Flagged) ', ''];
  for (const [i, eml] of SEARCH_MESSAGES.entries()) {
    assert.equal((await client.command([`APPEND INBOX ${flags[i]}"0${i + 1}-Feb-2025 09:00:00 +0000" `, { literal: eml }])).tagged.status, 'OK');
  }
  await client.command('SELECT INBOX');
  return { server, client };
}
