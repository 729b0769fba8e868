// Delivers one message through a running SMTP listener the way a remote sender would (EHLO, MAIL, RCPT,
// DATA), for tests that need new mail to arrive while clients watch a mailbox.
import { SmtpTestClient } from './smtp-client.ts';

/** Sends `text` (LF or CRLF line ends, followed by CRLF before the final dot) from `from` to `to`; fails unless RCPT and DATA are accepted. */
export async function deliverOverSmtp(port: number, to: string, text: string, from = 'sender@remote.test'): Promise<void> {
  const smtp = await SmtpTestClient.connect(port);
  try {
    await smtp.greetAndEhlo('sender.test');
    await smtp.command(`MAIL FROM:<${from}>`);
    const rcpt = await smtp.command(`RCPT TO:<${to}>`);
    if (rcpt.code !== 250) throw new Error(`RCPT refused: ${rcpt.raw}`);
    await smtp.command('DATA');
    const done = await smtp.command(`${text.replace(/\r?\n/g, '\r\n')}\r\n.`);
    if (done.code !== 250) throw new Error(`DATA refused: ${done.raw}`);
    await smtp.command('QUIT');
  } finally {
    smtp.close();
  }
}
