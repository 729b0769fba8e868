// What in-memory search criteria, SORT and THREAD read per message: the mailbox entry, the stored
// summary and, only for criteria on arbitrary header fields or References, the header section's octets.
// Loaded in bulk (one query each for entries and summaries per batch of UIDs) and cached for one command.
import type { MailService, MessageEntry, MessageSummary } from '../../mail/index.ts';
import { readSpan } from '../fetch/served-message.ts';
import { toUidSet } from '../uid-ranges.ts';

export interface MessageData {
  readonly entry: MessageEntry;
  readonly summary: MessageSummary;
}

export class MessageDataLoader {
  readonly #mail: MailService;
  readonly #mailboxId: number;
  readonly #data = new Map<number, MessageData>();
  readonly #headers = new Map<number, Buffer>();

  constructor(mail: MailService, mailboxId: number) {
    this.#mail = mail;
    this.#mailboxId = mailboxId;
  }

  /** Entries and summaries of `uids` (ascending); messages expunged meanwhile are left out. */
  async load(uids: readonly number[]): Promise<MessageData[]> {
    const missing = uids.filter((uid) => !this.#data.has(uid));
    if (missing.length > 0) {
      const set = toUidSet(missing);
      const entries = await this.#mail.listMessages(this.#mailboxId, { uids: set });
      const summaries = new Map((await this.#mail.listSummaries(this.#mailboxId, set)).map((row) => [row.uid, row.summary]));
      for (const entry of entries) {
        const summary = summaries.get(entry.uid);
        if (summary !== undefined) this.#data.set(entry.uid, { entry, summary: JSON.parse(summary) as MessageSummary });
      }
    }
    return uids.map((uid) => this.#data.get(uid)).filter((data): data is MessageData => data !== undefined);
  }

  /** The top-level header section as served (prefix included, RFC 9051 §6.4.5 HEADER). */
  async header(data: MessageData): Promise<Buffer> {
    const cached = this.#headers.get(data.entry.uid);
    if (cached !== undefined) return cached;
    const prefix = Buffer.from(data.entry.prefix, 'latin1');
    const header = await readSpan(this.#mail.blobs, { blobHash: data.entry.blobHash, prefix }, { start: 0, end: prefix.length + data.summary.structure.bodyStart });
    this.#headers.set(data.entry.uid, header);
    return header;
  }
}
