import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONFIGURATION_DOCS, EXAMPLE_CONFIG, renderConfigurationDocs } from '../../src/config/docs.ts';
import { parseConfig } from '../../src/config/index.ts';

test('docs/configuration.md is what `npm run docs:config` generates from the schema', () => {
  const page = readFileSync(CONFIGURATION_DOCS, 'utf8');
  assert.ok(page === renderConfigurationDocs(), 'docs/configuration.md is out of date: run `npm run docs:config`');
});

test('the example configuration on the page is accepted by the loader', () => {
  const config = parseConfig(EXAMPLE_CONFIG, 'example.toml');
  assert.equal(config.hostname, 'mail.example.org');
  assert.deepEqual(config.smtp.relay_networks, ['192.168.1.0/24']);
});

test('every key of every table is documented with its type, default and description', () => {
  const page = renderConfigurationDocs();
  assert.match(page, /^\| `hostname` \| string, not empty \| required \| The server's name/m);
  assert.match(page, /^## `\[smtp\]`$/m);
  assert.match(page, /^\| `max_message_size` \| size \| `"25MB"` \| Largest message accepted/m);
  assert.match(page, /^\| `command_timeout` \| duration \| `"5m"` \|/m);
  assert.match(page, /^## `\[\[listeners\]\]`$/m);
  assert.match(page, /^\| `tls` \| one of `none`, `starttls`, `implicit` \| `"starttls"` \|/m);
  assert.match(page, /^\| `port_base` \| integer, 0–60000 \| `0` \|/m);
});
