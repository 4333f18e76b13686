/** `updraft config list|get`: the settings in effect and where each came from. */
import type { Command } from 'commander';
import { loadConfig, settingOf, type ResolvedSetting } from '../../config/config.js';
import { CONFIG_SECTIONS } from '../../config/options.js';
import { withOutput } from '../command-helpers.js';
import { renderRows, type OutputFormat } from '../output.js';

function shown(setting: ResolvedSetting): string | number | boolean | null {
  if (setting.option.secret && setting.value !== null) return '***';
  return setting.value;
}

export function registerConfigCommands(program: Command): void {
  const config = program
    .command('config')
    .description('Show the settings in effect: defaults < updraft.toml/updraft.yaml in UPDRAFT_HOME < UPDRAFT__SECTION__KEY variables');

  withOutput(config.command('list'))
    .description('List every setting with its value and source (default, file or env); secrets show as ***')
    .option('-s, --section <section>', 'only this section')
    .action((options: { section?: string; output: OutputFormat }) => {
      const loaded = loadConfig();
      const section = options.section?.toLowerCase();
      if (section !== undefined && !CONFIG_SECTIONS.includes(section)) {
        throw new Error(`unknown section '${options.section}': the sections are ${CONFIG_SECTIONS.join(', ')}`);
      }
      const rows = loaded.settings
        .filter((s) => section === undefined || s.option.section === section)
        .map((s) => ({
          section: s.option.section,
          key: s.option.key,
          value: shown(s),
          source: s.source,
          origin: s.origin,
          description: s.option.description,
        }));
      const columns = options.output === 'table' ? ['section', 'key', 'value', 'source'] : ['section', 'key', 'value', 'source', 'origin', 'description'];
      console.log(renderRows(rows, columns, options.output));
      if (options.output === 'table') console.log(`\nConfig file: ${loaded.configFile ?? `none (create ${loaded.home}/updraft.toml)`}`);
    });

  withOutput(config.command('get'))
    .description('Print the value of one setting')
    .argument('<section>')
    .argument('<key>')
    .action((section: string, key: string, options: { output: OutputFormat }) => {
      const setting = settingOf(loadConfig(), section, key);
      if (options.output === 'json') {
        console.log(JSON.stringify({ section: setting.option.section, key: setting.option.key, value: setting.value, source: setting.source }, null, 2));
      } else {
        console.log(setting.value === null ? '' : String(setting.value));
      }
    });
}
