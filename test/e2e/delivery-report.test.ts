// RFC 3461 §5.2.2: a local delivery of a recipient that asked for NOTIFY=SUCCESS gets its sender a
// "delivered" report, through the running server (router → queue's notifier → the sender's mailbox).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createInstance, startInProcess } from '../helpers/instance.ts';
import { readMailbox } from '../helpers/mailbox.ts';
import { SmtpTestClient } from '../helpers/smtp-client.ts';

test('sends the sender a "delivered" report for a local recipient that asked for NOTIFY=SUCCESS, and none otherwise', async (t) => {
  const instance = await createInstance({ accounts: [{ address: 'ann@example.test' }, { address: 'bob@example.test' }, { address: 'cid@example.test' }] });
  t.after(() => instance.cleanup());
  const running = await startInProcess(instance.dir);
  t.after(() => running.server.stop());
  const smtp = await SmtpTestClient.connect(running.smtpPort);
  t.after(() => smtp.close());
  await smtp.greetAndEhlo('sender.test');
  assert.equal((await smtp.command('MAIL FROM:<bob@example.test> ENVID=trip-7')).raw, '250 2.1.0 Ok\r\n');
  assert.equal((await smtp.command('RCPT TO:<ann@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;ann@example.test')).raw, '250 2.1.5 Ok\r\n');
  assert.equal((await smtp.command('RCPT TO:<cid@example.test>')).raw, '250 2.1.5 Ok\r\n');
  await smtp.command('DATA');
  assert.match((await smtp.command('From: bob@example.test\r\nSubject: lunch\r\n\r\nnoon?\r\n.')).raw, /^250 2\.0\.0 Ok: queued as \d+\r\n$/);
  // The report is sent after the 250, through the queue's notifier: wait for it, bounded.
  let reports: Awaited<ReturnType<typeof readMailbox>> = [];
  for (let tries = 0; tries < 50 && reports.length === 0; tries++) {
    reports = await readMailbox(instance.dir, 'bob@example.test');
    if (reports.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(reports.length, 1);
  const text = reports[0]!.text;
  assert.match(text, /^Return-Path: <>\r\n/);
  assert.match(text, /\r\nSubject: Successful Mail Delivery Report\r\n/);
  assert.match(text, /Original-Envelope-Id: trip-7\r\n/);
  assert.match(text, /Original-Recipient: rfc822; ?ann@example\.test\r\nFinal-Recipient: rfc822; ?ann@example\.test\r\nAction: delivered\r\nStatus: 2\.0\.0/);
  assert.doesNotMatch(text, /Final-Recipient: rfc822; ?cid/);
});
