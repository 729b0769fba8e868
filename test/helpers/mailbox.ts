// Reads what a mailbox holds, the way IMAP/POP3 will serve it: the per-recipient prefix + the blob.
import { readFile } from 'node:fs/promises';
import { openMailService } from '../../src/server/index.ts';
import { silentLogger } from '../../src/log/index.ts';

export interface StoredMessage {
  uid: number;
  size: number;
  text: string;
}

export async function readMailbox(dir: string, address: string, mailboxName = 'INBOX'): Promise<StoredMessage[]> {
  const mail = await openMailService(dir, silentLogger());
  try {
    const account = await mail.findAccount(address);
    if (!account) throw new Error(`no account ${address}`);
    const mailbox = (await mail.listMailboxes(account.id)).find((m) => m.name === mailboxName);
    if (!mailbox) throw new Error(`no mailbox ${mailboxName} for ${address}`);
    const out: StoredMessage[] = [];
    for (const m of await mail.listMessages(mailbox.id)) {
      const body = await readFile(mail.blobs.path(m.blobHash), 'latin1');
      out.push({ uid: m.uid, size: m.size, text: m.prefix + body });
    }
    return out;
  } finally {
    await mail.close();
  }
}
