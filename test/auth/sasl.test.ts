import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runSaslExchange, saslMechanism, type SaslOutcome } from '../../src/auth/index.ts';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

interface Case {
  readonly name: string;
  readonly mechanism: string;
  /** The initial response as the parsers give it: null when absent, '' for `=`. */
  readonly initial: string | null;
  /** The client's lines, one per challenge asked; null is `*`. */
  readonly lines: readonly (string | null)[];
  /** The plain-text challenges the exchange is expected to ask. */
  readonly challenges: readonly string[];
  readonly outcome: SaslOutcome;
}

const credentials = (username: string, password: string): SaslOutcome => ({ kind: 'credentials', username, password });

const cases: readonly Case[] = [
  { name: 'PLAIN with an initial response and no authzid', mechanism: 'PLAIN', initial: b64('\0alice@example.test\0secret'), lines: [], challenges: [], outcome: credentials('alice@example.test', 'secret') },
  { name: 'PLAIN answering an empty challenge', mechanism: 'PLAIN', initial: null, lines: [b64('\0alice@example.test\0secret')], challenges: [''], outcome: credentials('alice@example.test', 'secret') },
  { name: 'PLAIN with an authzid equal to the authcid but for case', mechanism: 'PLAIN', initial: b64('Alice@Example.test\0alice@example.test\0secret'), lines: [], challenges: [], outcome: credentials('alice@example.test', 'secret') },
  { name: 'PLAIN with an authzid of another identity', mechanism: 'PLAIN', initial: b64('bob@example.test\0alice@example.test\0secret'), lines: [], challenges: [], outcome: { kind: 'authorization-refused' } },
  { name: 'PLAIN keeps UTF-8 in the password', mechanism: 'PLAIN', initial: b64('\0alice@example.test\0pässwörd'), lines: [], challenges: [], outcome: credentials('alice@example.test', 'pässwörd') },
  { name: 'PLAIN with an empty password', mechanism: 'PLAIN', initial: b64('\0alice@example.test\0'), lines: [], challenges: [], outcome: credentials('alice@example.test', '') },
  { name: 'PLAIN with two fields', mechanism: 'PLAIN', initial: b64('alice@example.test\0secret'), lines: [], challenges: [], outcome: { kind: 'malformed-plain' } },
  { name: 'PLAIN with four fields', mechanism: 'PLAIN', initial: b64('\0alice@example.test\0secret\0more'), lines: [], challenges: [], outcome: { kind: 'malformed-plain' } },
  { name: 'PLAIN with an empty initial response (`=`)', mechanism: 'PLAIN', initial: '', lines: [], challenges: [], outcome: { kind: 'malformed-plain' } },
  { name: 'PLAIN with an initial response that is not base64', mechanism: 'PLAIN', initial: 'not base64!', lines: [], challenges: [], outcome: { kind: 'not-base64' } },
  { name: 'PLAIN with unpadded base64', mechanism: 'PLAIN', initial: null, lines: ['AGFsaWNlAHNlY3JldA'], challenges: [''], outcome: { kind: 'not-base64' } },
  { name: 'PLAIN cancelled with `*`', mechanism: 'PLAIN', initial: null, lines: [null], challenges: [''], outcome: { kind: 'cancelled' } },
  { name: 'LOGIN asking for the user name, then the password', mechanism: 'LOGIN', initial: null, lines: [b64('alice@example.test'), b64('secret')], challenges: ['Username:', 'Password:'], outcome: credentials('alice@example.test', 'secret') },
  { name: 'LOGIN with the user name as the initial response', mechanism: 'LOGIN', initial: b64('alice@example.test'), lines: [b64('secret')], challenges: ['Password:'], outcome: credentials('alice@example.test', 'secret') },
  { name: 'LOGIN with an initial user name that is not base64 asks nothing more', mechanism: 'LOGIN', initial: '%%%%', lines: [], challenges: [], outcome: { kind: 'not-base64' } },
  { name: 'LOGIN with a user name that is not base64 asks nothing more', mechanism: 'LOGIN', initial: null, lines: ['a'], challenges: ['Username:'], outcome: { kind: 'not-base64' } },
  { name: 'LOGIN with a password that is not base64', mechanism: 'LOGIN', initial: null, lines: [b64('alice@example.test'), 'x=y'], challenges: ['Username:', 'Password:'], outcome: { kind: 'not-base64' } },
  { name: 'LOGIN cancelled at the user name', mechanism: 'LOGIN', initial: null, lines: [null], challenges: ['Username:'], outcome: { kind: 'cancelled' } },
  { name: 'LOGIN cancelled at the password', mechanism: 'LOGIN', initial: b64('alice@example.test'), lines: [null], challenges: ['Password:'], outcome: { kind: 'cancelled' } },
  { name: 'LOGIN with empty responses', mechanism: 'LOGIN', initial: '', lines: [''], challenges: ['Password:'], outcome: credentials('', '') },
];

describe('SASL exchange', () => {
  for (const c of cases) {
    test(`${c.name} gives ${c.outcome.kind}`, async () => {
      const mechanism = saslMechanism(c.mechanism);
      assert.ok(mechanism);
      const asked: string[] = [];
      const outcome = await runSaslExchange(mechanism, c.initial, async (challenge) => {
        asked.push(challenge);
        assert.ok(asked.length <= c.lines.length, `unexpected challenge ${JSON.stringify(challenge)}`);
        return c.lines[asked.length - 1] ?? null;
      });
      assert.deepEqual(outcome, c.outcome);
      assert.deepEqual(asked, c.challenges);
    });
  }
});

describe('SASL mechanisms', () => {
  test('knows PLAIN and LOGIN by their upper-case names and nothing else', () => {
    assert.equal(saslMechanism('PLAIN')?.name, 'PLAIN');
    assert.equal(saslMechanism('LOGIN')?.name, 'LOGIN');
    for (const name of ['plain', 'CRAM-MD5', 'XOAUTH2', 'toString', '__proto__', '']) assert.equal(saslMechanism(name), undefined, name);
  });
});
