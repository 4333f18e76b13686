/**
 * Writes the reference pages that are derived from the code, so they cannot
 * drift from it: docs/configuration.md from the settings table
 * (src/config/options.ts) and docs/cli.md from the `updraft` commander program
 * (src/cli/program.ts). test/docs-generated.test.ts fails when a committed page
 * differs from what this produces.
 *
 *   node --import tsx scripts/generate-docs.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Argument, Command, Help, Option } from 'commander';
import { buildProgram } from '../src/cli/program.js';
import { CONFIG_SECTIONS, describeAllowed, optionsOf, type ConfigOption } from '../src/config/options.js';

export const REGENERATE_COMMAND = 'node --import tsx scripts/generate-docs.ts';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const banner = (source: string) =>
  `<!-- Generated from ${source} by \`${REGENERATE_COMMAND}\`: edit the source, not this file. -->\n`;

/** Text from the code shown as Markdown prose: outside `code spans`, `<` and `*` are literal, not HTML or emphasis. */
function prose(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') ? part : part.replace(/</g, '&lt;').replace(/\*/g, '\\*')))
    .join('');
}

/** Prose inside a Markdown table cell: pipes escaped, line breaks folded. */
function cell(text: string): string {
  return prose(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** Code inside a Markdown table cell. */
function codeCell(text: string): string {
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

// ---------------------------------------------------------------- configuration.md

const HOME_PLACEHOLDER = '<UPDRAFT_HOME>';

function defaultOf(option: ConfigOption): string {
  const value = typeof option.default === 'function' ? option.default(HOME_PLACEHOLDER) : option.default;
  return value === null ? 'unset' : `\`${String(value)}\``;
}

function variablesOf(option: ConfigOption): string[] {
  const long = (key: string) => `UPDRAFT__${option.section.toUpperCase()}__${key.toUpperCase()}`;
  return [...(option.env ?? []), long(option.key), ...(option.aliases ?? []).map(long)];
}

function renderOption(option: ConfigOption): string {
  const facts = [
    `type: ${describeAllowed(option)}`,
    `default: ${defaultOf(option)}`,
    option.secret ? 'secret (`config list` shows `***`)' : null,
  ].filter((fact): fact is string => fact !== null);
  const lines = [
    `### ${option.section}.${option.key}`,
    '',
    `${prose(option.description)}.`,
    '',
    `- ${facts.join(' · ')}`,
    `- environment: ${variablesOf(option).map((name) => `\`${name}\``).join(', ')}`,
  ];
  if (option.aliases?.length) lines.push(`- also accepted as: ${option.aliases.map((alias) => `\`${option.section}.${alias}\``).join(', ')}`);
  return lines.join('\n');
}

const CONFIGURATION_INTRO = `# Configuration reference

Every setting Updraft reads, with its type, default and the environment variables that set it.
Values are read from, lowest priority first:

1. the defaults below;
2. the config file in \`UPDRAFT_HOME\` (default \`~/updraft\`): \`updraft.toml\`, or \`updraft.yaml\` /
   \`updraft.yml\` (only one of them), with one table per section;
3. the environment: \`UPDRAFT__SECTION__KEY\` (two underscores on each side, any case), and the short
   variables listed for some settings (\`UPDRAFT_DATABASE_URL\`...), which win over the long form;
4. command-line flags where a command has one (\`--port\`, \`--dags-folder\`...).

\`\`\`toml
# ~/updraft/updraft.toml
[core]
parallelism = 64
executor = "queue"

[queue]
redis_url = "redis://redis:6379"
\`\`\`

\`\`\`yaml
# or ~/updraft/updraft.yaml
core:
  parallelism: 64
\`\`\`

- An unknown section or key, or a value of the wrong type, stops every command with an error naming the
  file and line (or the variable), the setting and what it accepts: a typo never falls back to a default.
- "Also accepted as" names (mostly Airflow's) work in the file and as \`UPDRAFT__SECTION__ALIAS\`.
- Booleans take \`true/false\`, \`1/0\`, \`yes/no\`, \`on/off\`. Paths may start with \`~/\` or contain
  \`{UPDRAFT_HOME}\`; a relative path in the file is relative to \`UPDRAFT_HOME\` (the file's folder), one in a
  variable to the current directory.
- \`updraft config list\` prints every setting in effect and where its value came from;
  \`updraft config get SECTION KEY\` prints one.

Other environment variables (not settings):

| variable | what |
| --- | --- |
| \`UPDRAFT_HOME\` | where the embedded database, logs, generated keys and the config file live (default \`~/updraft\`) |
| \`UPDRAFT_CONN_<CONN_ID>\` | a connection, as a URI or a JSON object of fields (the id upper-cased), read before the database |
| \`UPDRAFT_VAR_<KEY>\` | a variable's value (the key upper-cased), read before the database |
| \`UPDRAFT_ADMIN_PASSWORD\` | the password \`updraft standalone\` gives the \`admin\` user it creates |
| \`UPDRAFT_API_URL\` | besides \`worker.api_url\`: the server that \`dags trigger\`, \`pause\` and \`unpause\` steer instead of the local database |
| \`UPDRAFT_API_TOKEN\`, \`UPDRAFT_API_USERNAME\`, \`UPDRAFT_API_PASSWORD\` | the credentials the CLI uses with \`--api-url\` |
| \`UPDRAFT_DEBUG\` | any value: the CLI prints the stack trace of an error |
`;

export function renderConfigurationDoc(): string {
  const index = CONFIG_SECTIONS.map((section) => `[${section}](#${section})`).join(' · ');
  const sections = CONFIG_SECTIONS.map((section) => [`## ${section}`, ...optionsOf(section).map(renderOption)].join('\n\n'));
  return [banner('src/config/options.ts') + CONFIGURATION_INTRO, `Sections: ${index}`, ...sections].join('\n\n') + '\n';
}

// ---------------------------------------------------------------- cli.md

/** What a command prints before and after its generated help (`addHelpText`), as `--help` shows it. */
function helpTextsOf(command: Command): { readonly before: string; readonly after: string } {
  let full = '';
  command.configureOutput({ writeOut: (text) => (full += text), getOutHelpWidth: () => 100, getOutHasColors: () => false });
  command.outputHelp();
  const core = command.helpInformation();
  const at = full.indexOf(core);
  const trim = (text: string) => text.replace(/^\n+|\s+$/g, '');
  return at < 0 ? { before: '', after: '' } : { before: trim(full.slice(0, at)), after: trim(full.slice(at + core.length)) };
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function renderArguments(help: Help, args: readonly Argument[]): string[] {
  if (args.length === 0) return [];
  const rows = args.map((arg) => `| ${codeCell(help.argumentTerm(arg))} | ${cell(help.argumentDescription(arg))} |`);
  return ['| argument | description |', '| --- | --- |', ...rows, ''];
}

function renderOptions(help: Help, options: readonly Option[]): string[] {
  if (options.length === 0) return [];
  const rows = options.map((option) => `| ${codeCell(help.optionTerm(option))} | ${cell(help.optionDescription(option))} |`);
  return ['| option | description |', '| --- | --- |', ...rows, ''];
}

function renderCommand(command: Command, depth: number): string[] {
  const help = command.createHelp();
  const path = commandPath(command);
  const lines = [`${'#'.repeat(Math.min(depth, 4))} ${path}`, ''];
  if (command.description()) lines.push(prose(command.description()), '');
  lines.push('```', `${path} ${command.usage()}`.trim(), '```', '');
  const { before, after } = helpTextsOf(command);
  if (before !== '') lines.push('```text', before, '```', '');
  lines.push(...renderArguments(help, help.visibleArguments(command)));
  // `--help` is on every command; listing it each time says nothing.
  lines.push(...renderOptions(help, help.visibleOptions(command).filter((option) => option.long !== '--help')));
  if (after !== '') lines.push('```text', after, '```', '');
  for (const sub of help.visibleCommands(command).filter((c) => c.name() !== 'help')) lines.push(...renderCommand(sub, depth + 1));
  return lines;
}

export async function renderCliDoc(): Promise<string> {
  const program = await buildProgram([]);
  const help = program.createHelp();
  const commands = help.visibleCommands(program).filter((c) => c.name() !== 'help');
  const index = commands.map((c) => `| [\`${c.name()}\`](#updraft-${c.name()}) | ${cell(c.description())} |`);
  const intro = [
    banner('the `updraft` program (src/cli/program.ts and src/cli/commands/)') + '# CLI reference',
    '',
    prose(program.description()),
    '',
    'Every command has `--help`, which prints what this page shows for it. Commands that print data take',
    '`-o table|json|plain`. Errors are one line on standard error and exit code 1 (`UPDRAFT_DEBUG=1` adds the',
    'stack trace).',
    '',
    '```',
    `updraft ${program.usage()}`,
    '```',
    '',
    ...renderOptions(help, help.visibleOptions(program).filter((option) => option.long !== '--help')),
    '```text',
    helpTextsOf(program).after,
    '```',
    '',
    '| command | what it does |',
    '| --- | --- |',
    ...index,
    '',
  ];
  const body = commands.flatMap((command) => renderCommand(command, 2));
  return [...intro, ...body].join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

// ---------------------------------------------------------------- the files

export const GENERATED_DOCS: readonly { readonly path: string; readonly render: () => string | Promise<string> }[] = [
  { path: 'docs/configuration.md', render: renderConfigurationDoc },
  { path: 'docs/cli.md', render: renderCliDoc },
];

async function main(): Promise<void> {
  for (const doc of GENERATED_DOCS) {
    writeFileSync(join(ROOT, doc.path), await doc.render());
    console.log(`wrote ${doc.path}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
