/** `updraft info` and `updraft version`: what is installed, where it keeps things, and how much it holds. */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { platform, arch } from 'node:os';
import { renderRecord, withApp, withOutput } from '../command-helpers.js';
import type { OutputFormat } from '../output.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function registerInfoCommands(program: Command): void {
  withOutput(program.command('info'))
    .description('Show the version, paths, database and how many DAGs, runs and import errors it holds')
    .action(async (options: { output: OutputFormat }) =>
      withApp(async ({ config, store }) => {
        const check = await store.check();
        const [dags, runs, importErrors] = await Promise.all([
          store.dags.list({ active: true, limit: 0 }),
          store.dagRuns.list({ limit: 0 }),
          store.importErrors.list({ limit: 0 }),
        ]);
        const record = {
          version: packageVersion(),
          node_version: process.version,
          platform: `${platform()} ${arch()}`,
          updraft_home: config.home,
          config_file: config.configFile,
          database_dialect: check.dialect,
          // `location` comes from the store with any password replaced by ***.
          database: check.location,
          dags_folder: config.dagsFolder,
          logs_folder: config.logsFolder,
          load_examples: config.loadExamples,
          executor: config.executor,
          parallelism: config.parallelism,
          dags: dags.total,
          dag_runs: runs.total,
          import_errors: importErrors.total,
        };
        console.log(renderRecord(record, options.output));
      }),
    );

  withOutput(program.command('version'))
    .description('Print the Updraft version')
    .action((options: { output: OutputFormat }) => {
      console.log(options.output === 'json' ? JSON.stringify({ version: packageVersion() }) : packageVersion());
    });
}
