// The envelope of a trusted local submission (pickup folder, `mailstead sendmail`), taken from the command
// line and the message's header section, the way Postfix's pickup/cleanup and sendmail -t take it.
//
// Sender, the first that applies:
//   1. the explicit sender (`sendmail -f`; '' or '<>' is the null sender);
//   2. a leading `X-Sender:` field (pickup only; see below);
//   3. `Return-Path:` (`<>` is the null sender): what a program that wrote the file meant as envelope;
//   4. with a Resent block (RFC 5322 §3.6.6), its `Resent-Sender:`, else its first `Resent-From:` address:
//      the resender gets the bounces, not the original author;
//   5. the first `From:` address, else the `Sender:` address.
// Recipients: the explicit ones, plus (pickup, `sendmail -t`) every address of `To:`, `Cc:` and `Bcc:`;
// when the message carries Resent fields, those of the topmost Resent block (`Resent-To/Cc/Bcc:`)
// instead, since the message is being resent to them, not again to its original recipients
// (RFC 5322 §3.6.6; Postfix's cleanup does the same). Group syntax (`team: a@x, b@x;`) gives its
// members; each address counts once (compared case-insensitively, as delivery resolves them).
//
// Windows pickup files (IIS SMTP, .NET SmtpClient's SpecifiedPickupDirectory) name the envelope in
// `X-Sender:` and `X-Receiver:` fields at the top of the file; when present they decide (X-Receiver
// replaces the header recipients, and is how .NET writes Bcc) and are removed from the message.
//
// A bare name without `@` (cron mails `root`) gets the primary local domain appended, as Postfix
// appends $myorigin. `Return-Path:` is always removed from the stored message (RFC 5321 §4.4: it is
// added at final delivery, which the router does), and so is `Resent-Bcc:` (RFC 5322 §3.6.3 treats it
// like `Bcc:`, which the router's submission fixing removes).
import { parseAddressList, type EnvelopeAddress } from '../../mime/index.ts';
import type { RawHeaderField } from './header-section.ts';

export interface EnvelopeRules {
  /** `sendmail -f`: the sender as given; undefined takes it from the header section. */
  sender?: string | undefined;
  /** Recipients named outside the message (sendmail's arguments); each may be an address list. */
  recipients: readonly string[];
  /** Also take recipients from the header section (the pickup folder, `sendmail -t`). */
  recipientsFromHeaders: boolean;
  /** Leading `X-Sender:`/`X-Receiver:` fields set the envelope (the pickup folder). */
  envelopeFields: boolean;
  /** Appended to bare names; null when there is no local domain. */
  localDomain: string | null;
}

export interface LocalEnvelope {
  /** '' is the null sender. */
  sender: string;
  recipients: string[];
  /** Recipient addresses that could not be used, and why (reported like refused recipients). */
  unusable: UnusableAddress[];
  /** Fields that are not stored (Return-Path, Resent-Bcc, the leading X-Sender/X-Receiver). */
  dropped: ReadonlySet<RawHeaderField>;
}

export interface UnusableAddress {
  address: string;
  reason: string;
}

export type LocalEnvelopeResult = { ok: true; envelope: LocalEnvelope } | { ok: false; reason: string };

/** parseAddressList's markers for a missing local part or domain (Dovecot's convention). */
const MISSING_MAILBOX = 'MISSING_MAILBOX';
const MISSING_DOMAIN = 'MISSING_DOMAIN';

export function localEnvelope(fields: readonly RawHeaderField[], rules: EnvelopeRules): LocalEnvelopeResult {
  const dropped = new Set<RawHeaderField>();
  const lower = (field: RawHeaderField): string => field.name.toLowerCase();
  const leading = rules.envelopeFields ? leadingEnvelopeFields(fields) : [];
  for (const field of leading) dropped.add(field);
  for (const field of fields) if (lower(field) === 'return-path' || lower(field) === 'resent-bcc') dropped.add(field);

  const valuesOf = (source: readonly RawHeaderField[], ...names: string[]): string[] =>
    source.filter((field) => names.includes(lower(field))).map((field) => field.value);

  const resent = resentBlock(fields);
  const senderProblems: UnusableAddress[] = [];
  const senderAddress = (values: readonly string[]): string | undefined => firstSender(values, rules.localDomain, senderProblems);
  let sender: string | undefined;
  if (rules.sender !== undefined) {
    sender = senderAddress([rules.sender]);
    if (sender === undefined) return { ok: false, reason: `the sender ${JSON.stringify(rules.sender)} is not usable: ${senderProblems[0]?.reason ?? 'not an address'}` };
  }
  sender ??= senderAddress(valuesOf(leading, 'x-sender'));
  sender ??= senderAddress(valuesOf(fields, 'return-path'));
  if (resent.length > 0) sender ??= senderAddress(valuesOf(resent, 'resent-sender')) ?? senderAddress(valuesOf(resent, 'resent-from'));
  sender ??= senderAddress(valuesOf(fields, 'from')) ?? senderAddress(valuesOf(fields, 'sender'));
  if (sender === undefined) {
    const [problem] = senderProblems;
    if (problem !== undefined) return { ok: false, reason: `no usable sender: ${problem.address}: ${problem.reason}` };
    return { ok: false, reason: 'no sender: the message has no Return-Path, From or Sender address' };
  }

  const values = [...rules.recipients];
  const receivers = valuesOf(leading, 'x-receiver');
  if (receivers.length > 0) values.push(...receivers);
  else if (rules.recipientsFromHeaders) {
    values.push(...(resent.length > 0 ? valuesOf(resent, 'resent-to', 'resent-cc', 'resent-bcc') : valuesOf(fields, 'to', 'cc', 'bcc')));
  }
  const { addresses, problems } = addressList(values, rules.localDomain);
  const recipients = distinct(addresses);
  if (recipients.length === 0) {
    const [problem] = problems;
    if (problem !== undefined) return { ok: false, reason: `no usable recipient: ${problem.address}: ${problem.reason}` };
    return { ok: false, reason: `no recipients: ${rules.recipientsFromHeaders ? 'the message has no To, Cc or Bcc address' : 'none were given'}` };
  }
  return { ok: true, envelope: { sender, recipients, unusable: problems, dropped } };
}

/** `<>` (or empty) is the null sender; otherwise the first usable address of the first value. */
function firstSender(values: readonly string[], localDomain: string | null, problems: UnusableAddress[]): string | undefined {
  const [value] = values;
  if (value === undefined) return undefined;
  if (/^\s*(<\s*>)?\s*$/.test(value)) return '';
  const found = addressList([value], localDomain);
  problems.push(...found.problems);
  return found.addresses[0];
}

/** The addresses of address-list values (group members included), and why others were unusable. */
function addressList(values: readonly string[], localDomain: string | null): { addresses: string[]; problems: UnusableAddress[] } {
  const addresses: string[] = [];
  const problems: UnusableAddress[] = [];
  for (const value of values) {
    for (const entry of parseAddressList(value) ?? []) {
      const address = entryAddress(entry, localDomain);
      if (address === null) continue;
      if ('reason' in address) problems.push(address);
      else addresses.push(address.address);
    }
  }
  return { addresses, problems };
}

/** One address-list entry as an envelope address; null for group markers, a problem when unusable. */
function entryAddress(entry: EnvelopeAddress, localDomain: string | null): { address: string } | UnusableAddress | null {
  const { mailbox, host } = entry;
  if (mailbox === null || host === null) return null;
  if (mailbox === MISSING_MAILBOX) return { address: host === MISSING_DOMAIN ? (entry.name ?? '') : `@${host}`, reason: 'no local part' };
  if (host !== MISSING_DOMAIN) return { address: `${mailbox}@${host}` };
  if (localDomain === null) return { address: mailbox, reason: 'no domain, and no local domain to append' };
  return { address: `${mailbox}@${localDomain}` };
}

/** The `X-Sender:`/`X-Receiver:` fields before any other field, as IIS requires them. */
function leadingEnvelopeFields(fields: readonly RawHeaderField[]): RawHeaderField[] {
  const out: RawHeaderField[] = [];
  for (const field of fields) {
    const name = field.name.toLowerCase();
    if (name !== 'x-sender' && name !== 'x-receiver') break;
    out.push(field);
  }
  return out;
}

/**
 * The topmost Resent block: the Resent-* fields from the first one on, up to the first other field or
 * the first Resent-* name seen twice (RFC 5322 §3.6: each Resent field occurs once per block, and
 * §3.6.6: each new block is prepended above the older ones).
 */
function resentBlock(fields: readonly RawHeaderField[]): RawHeaderField[] {
  const start = fields.findIndex((field) => field.name.toLowerCase().startsWith('resent-'));
  if (start === -1) return [];
  const block: RawHeaderField[] = [];
  const names = new Set<string>();
  for (const field of fields.slice(start)) {
    const name = field.name.toLowerCase();
    if (!name.startsWith('resent-') || names.has(name)) break;
    names.add(name);
    block.push(field);
  }
  return block;
}

function distinct(addresses: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const address of addresses) {
    const key = address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(address);
  }
  return out;
}
