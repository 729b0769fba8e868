import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configSchema } from '../../src/config/index.ts';
import { DEFAULT_SRS_SETTINGS, srsSettings } from '../../src/delivery/index.ts';

function parseSrs(srs: Record<string, unknown>) {
  return configSchema.safeParse({ hostname: 'mx.example.test', srs });
}

test('defaults to SRS on with the generated secret and 21 days, as the router does without settings', () => {
  const config = configSchema.parse({ hostname: 'mx.example.test' });
  assert.deepEqual(srsSettings(config.srs), DEFAULT_SRS_SETTINGS);
  assert.deepEqual(DEFAULT_SRS_SETTINGS, { enabled: true, secrets: [], maxAgeDays: 21 });
});

test('takes configured secrets in order and max_age in whole days', () => {
  const parsed = parseSrs({ secrets: ['new-secret-0000000001', 'old-secret-0000000001'], max_age: '30d', enabled: false });
  assert.ok(parsed.success);
  assert.deepEqual(srsSettings(parsed.data.srs), { enabled: false, secrets: ['new-secret-0000000001', 'old-secret-0000000001'], maxAgeDays: 30 });
});

test('refuses short secrets and a max_age that is not whole days from 1d to 1023d', () => {
  for (const srs of [{ secrets: ['short'] }, { max_age: '36h' }, { max_age: '0s' }, { max_age: '1024d' }, { unknown: true }]) {
    assert.equal(parseSrs(srs).success, false, JSON.stringify(srs));
  }
  assert.equal(parseSrs({ max_age: '1023d' }).success, true);
});
