// Building blocks for mail/ tests: committed blobs, accounts with known ids, delivery requests.
import type { Account, DeliveryRequest, MailService } from '../../src/mail/index.ts';
import type { StoredBlob } from '../../src/store/index.ts';
import { MessageAnalyser } from '../../src/mime/index.ts';

export async function storeBlob(mail: MailService, text: string): Promise<StoredBlob> {
  const writer = mail.blobs.createWriter();
  await writer.write(Buffer.from(text, 'latin1'));
  return writer.commit();
}

export async function addAccounts(mail: MailService, domain: string, locals: string[], quotaBytes: number | null = null): Promise<Account[]> {
  if (!(await mail.findDomain(domain))) await mail.addDomain(domain);
  const accounts: Account[] = [];
  for (const local of locals) accounts.push(await mail.addAccount({ address: `${local}@${domain}`, passwordHash: '$test$hash', quotaBytes }));
  return accounts;
}

/** The analysis of a small test message (its summary and search texts), as the router computes it. */
function analysed(): Pick<DeliveryRequest, 'summary' | 'searchText' | 'headerText'> {
  const analyser = new MessageAnalyser({ maxHeaderSize: 65536 });
  analyser.push(Buffer.from('Subject: test\r\nFrom: sender@remote.test\r\n\r\nHello.\r\n'));
  const { summary, searchText, headerText } = analyser.end();
  return { summary, searchText, headerText };
}

export function deliveryRequest(blob: StoredBlob, accounts: readonly Account[], remote: string[] = [], prefix = ''): DeliveryRequest {
  return {
    blob,
    ...analysed(),
    receivedAt: 1_700_000_000_000,
    sender: 'sender@remote.test',
    local: accounts.map((account) => ({ accountId: account.id, prefix })),
    remote: remote.map((recipient) => ({ recipient })),
  };
}

export async function inbox(mail: MailService, account: Account): Promise<{ id: number; uidNext: number; highestModseq: number; messageCount: number }> {
  const mailbox = (await mail.listMailboxes(account.id)).find((m) => m.name === 'INBOX');
  if (!mailbox) throw new Error(`${account.address} has no INBOX`);
  return mailbox;
}
