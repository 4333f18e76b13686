#!/usr/bin/env node
/**
 * The `updraft` command. Each command group lives in `commands/`; this file
 * only assembles them and turns errors into one clear line and exit code 1.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { registerBackfillCommands } from './commands/backfill.js';
import { registerDagsCommands } from './commands/dags.js';
import { registerDbCommands } from './commands/db.js';
import { registerTasksCommands } from './commands/tasks.js';
import { registerRunCommands } from './commands/run-services.js';
import { registerConfigCommands } from './commands/config.js';
import { registerConnectionsCommands } from './commands/connections.js';
import { registerInfoCommands } from './commands/info.js';
import { registerPoolsCommands } from './commands/pools.js';
import { registerUsersCommands } from './commands/users.js';
import { registerVariablesCommands } from './commands/variables.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('updraft')
    .description('Updraft: typed workflows for TypeScript. DAGs of tasks, scheduled, run in isolation, kept in a metadata database.')
    .version(pkg.version, '-V, --version')
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Environment:
  UPDRAFT_HOME            where the database, logs and DAGs live (default ~/updraft)
  UPDRAFT_DAGS_FOLDER     DAG files folder (default $UPDRAFT_HOME/dags)
  UPDRAFT_DATABASE_URL    postgres://... to use PostgreSQL instead of the embedded SQLite
  UPDRAFT_LOAD_EXAMPLES   true to load the example DAGs
  UPDRAFT__SECTION__KEY   any setting, e.g. UPDRAFT__CORE__PARALLELISM=64 (see 'updraft config list')

Settings can also live in $UPDRAFT_HOME/updraft.toml (or updraft.yaml), e.g. [core] parallelism = 64.`,
    );
  registerDagsCommands(program);
  registerTasksCommands(program);
  registerBackfillCommands(program);
  registerDbCommands(program);
  registerRunCommands(program);
  registerConfigCommands(program);
  registerVariablesCommands(program);
  registerPoolsCommands(program);
  registerConnectionsCommands(program);
  registerUsersCommands(program);
  registerInfoCommands(program);
  return program;
}

async function main(): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n`);
    if (process.env.UPDRAFT_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}

await main();
