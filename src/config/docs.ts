// Generates docs/configuration.md from the schema (schema.ts), so the reference cannot drift from what
// the loader accepts: `npm run docs:config` rewrites it, test/config/docs.test.ts fails when it is stale.
// The walk goes over the schema's JSON Schema form (`io: 'input'`: what may be written in the file),
// where every `.describe()` text, default and bound is already resolved.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { parseDuration, parseSize } from '../util/units.ts';
import { configSchema } from './schema.ts';

type JsonSchema = z.core.JSONSchema.JSONSchema;

/** Where `npm run docs:config` writes the page: docs/ at the package root. */
export const CONFIGURATION_DOCS = new URL('../../docs/configuration.md', import.meta.url);

/** The example at the top of the page; test/config/docs.test.ts checks that the loader accepts it. */
export const EXAMPLE_CONFIG = `hostname = "mail.example.org"     # the only required key
port_base = 0                     # standard ports: SMTP on 25

[tls]
cert = "certs/server.crt"         # relative to the instance directory
key = "certs/server.key"

[smtp]
relay_networks = ["192.168.1.0/24"]
max_message_size = "25MB"

[dns]
# servers = ["192.0.2.53"]        # default: the system's resolvers

[log]
level = "info"

# Instead of port_base, explicit listeners:
# [[listeners]]
# protocol = "smtp"
# address = "::"
# port = 25
# tls = "starttls"
`;

const INTRO = `# Configuration

<!-- Generated from src/config/schema.ts by \`npm run docs:config\`; do not edit by hand. -->

Mailstead reads \`mailstead.toml\` from its instance directory (\`--dir\`) at start, and again on SIGHUP.
An unknown key or a value of the wrong type stops it with an error naming the key and the file, e.g.
\`/var/lib/mailstead/mailstead.toml: smtp.max_message_size: not a size like "25MB": "25XB"\`.
Paths are relative to the instance directory.

- **Sizes** are strings like \`"512KB"\`, \`"25MB"\`, \`"1GB"\` (binary multiples: 1KB = 1024 bytes, as in
  Postfix and Dovecot) or a plain number of bytes.
- **Durations** are strings like \`"250ms"\`, \`"90s"\`, \`"5m"\`, \`"5h"\`, \`"14d"\` or a plain number of milliseconds.

\`mailstead init\` writes a commented \`mailstead.toml\`; every key below it leaves out has its default.
`;

function isSchema(node: JsonSchema | boolean | undefined): node is JsonSchema {
  return typeof node === 'object';
}

function types(node: JsonSchema): string[] {
  if (node.type === undefined) return [];
  return Array.isArray(node.type) ? node.type : [node.type];
}

function isTable(node: JsonSchema): boolean {
  return types(node).includes('object') && node.properties !== undefined;
}

/** The schema of a list's elements (`items`; tuple forms do not occur in the config). */
function itemsOf(node: JsonSchema): JsonSchema | undefined {
  const items = node.items;
  if (!types(node).includes('array') || Array.isArray(items) || !isSchema(items)) return undefined;
  return items;
}

function tableItems(node: JsonSchema): JsonSchema | undefined {
  const items = itemsOf(node);
  return items && isTable(items) ? items : undefined;
}

function code(value: string): string {
  return `\`${value}\``;
}

/**
 * Sizes and durations are both "string or number" on input (the helpers in schema.ts turn them into
 * bytes and milliseconds); the default each helper requires tells which one a key is.
 */
function unitOf(node: JsonSchema): 'size' | 'duration' | undefined {
  if (typeof node.default !== 'string') return undefined;
  if (parseDuration(node.default) !== undefined) return 'duration';
  if (parseSize(node.default) !== undefined) return 'size';
  return undefined;
}

function integerText(node: JsonSchema): string {
  const max = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  if (node.minimum !== undefined && max !== undefined) return `integer, ${node.minimum}–${max}`;
  if (node.minimum !== undefined) return `integer ≥ ${node.minimum}`;
  return 'integer';
}

function stringText(node: JsonSchema): string {
  if (node.enum) return `one of ${node.enum.map((v) => code(String(v))).join(', ')}`;
  if (node.maxLength !== undefined) return `string of at most ${node.maxLength} character${node.maxLength === 1 ? '' : 's'}`;
  if (node.minLength !== undefined && node.minLength > 0) return 'string, not empty';
  return 'string';
}

function typeText(node: JsonSchema): string {
  const t = types(node);
  if (t.includes('string') && t.includes('number')) return unitOf(node) ?? 'string or number';
  if (t.includes('array')) {
    const items = itemsOf(node);
    return items ? `list of ${typeText(items).replace(/^string$/, 'strings').replace(/^integer$/, 'integers')}` : 'list';
  }
  if (t.includes('integer')) return integerText(node);
  if (t.includes('string')) return stringText(node);
  return t.join(' or ') || 'any';
}

function defaultText(node: JsonSchema, required: boolean): string {
  if (node.default !== undefined) return code(JSON.stringify(node.default));
  return required ? 'required' : 'not set';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

interface Section {
  heading: string;
  description: string | undefined;
  rows: string[];
}

/** Scalar keys become rows; tables and arrays of tables become sections of their own, in schema order. */
function collect(node: JsonSchema, heading: string, prefix: string, sections: Section[]): void {
  const section: Section = { heading, description: node.description, rows: [] };
  sections.push(section);
  const required = new Set(node.required ?? []);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (!isSchema(child)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const items = tableItems(child);
    if (isTable(child)) {
      collect(child, code(`[${path}]`), path, sections);
    } else if (items) {
      collect({ ...items, description: child.description }, code(`[[${path}]]`), path, sections);
    } else {
      section.rows.push(`| ${code(key)} | ${cell(typeText(child))} | ${cell(defaultText(child, required.has(key)))} | ${cell(child.description ?? '')} |`);
    }
  }
}

function renderSection(section: Section): string {
  const lines = [`## ${section.heading}`, ''];
  if (section.description) lines.push(section.description, '');
  if (section.rows.length > 0) lines.push('| Key | Type | Default | Description |', '| --- | --- | --- | --- |', ...section.rows, '');
  return lines.join('\n');
}

/** The whole docs/configuration.md page. */
export function renderConfigurationDocs(): string {
  const root = z.toJSONSchema(configSchema, { io: 'input' });
  const sections: Section[] = [];
  collect({ ...root, description: 'Keys outside any table.' }, 'Top-level keys', '', sections);
  const example = ['## Example', '', '```toml', EXAMPLE_CONFIG.trimEnd(), '```', ''].join('\n');
  return [INTRO, example, ...sections.map(renderSection)].join('\n').trimEnd() + '\n';
}

// `node src/config/docs.ts` prints the page; with `--write` it replaces docs/configuration.md.
if (import.meta.main) {
  const page = renderConfigurationDocs();
  if (process.argv.includes('--write')) writeFileSync(CONFIGURATION_DOCS, page);
  else process.stdout.write(page);
}
