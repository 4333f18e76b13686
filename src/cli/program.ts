/**
 * The `updraft` command's program: every command group, each registered on
 * demand. Kept apart from main.ts, which parses the command line when loaded,
 * so tools (the CLI reference generator, tests) can build the program without
 * running it.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

type Registrar = (program: Command) => void;

/**
 * Command groups by the first word of the command line, each loaded on demand
 * (the database and scheduler code take ~0.2 s to load); the top-level help lists all.
 */
const GROUPS: Readonly<Record<string, () => Promise<Registrar>>> = {
  dags: async () => (await import('./commands/dags.js')).registerDagsCommands,
  tasks: async () => (await import('./commands/tasks.js')).registerTasksCommands,
  backfill: async () => (await import('./commands/backfill.js')).registerBackfillCommands,
  db: async () => (await import('./commands/db.js')).registerDbCommands,
  scheduler: async () => (await import('./commands/run-services.js')).registerRunCommands,
  standalone: async () => (await import('./commands/run-services.js')).registerRunCommands,
  'api-server': async () => (await import('./commands/api-server.js')).registerApiServerCommands,
  'dag-processor': async () => (await import('./commands/dag-processor.js')).registerDagProcessorCommands,
  triggerer: async () => (await import('./commands/triggerer.js')).registerTriggererCommands,
  worker: async () => (await import('./commands/worker.js')).registerWorkerCommands,
  jobs: async () => (await import('./commands/jobs.js')).registerJobsCommands,
  config: async () => (await import('./commands/config.js')).registerConfigCommands,
  variables: async () => (await import('./commands/variables.js')).registerVariablesCommands,
  pools: async () => (await import('./commands/pools.js')).registerPoolsCommands,
  connections: async () => (await import('./commands/connections.js')).registerConnectionsCommands,
  'rotate-fernet-key': async () => (await import('./commands/rotate-fernet-key.js')).registerRotateFernetKeyCommands,
  users: async () => (await import('./commands/users.js')).registerUsersCommands,
  info: async () => (await import('./commands/info.js')).registerInfoCommands,
  version: async () => (await import('./commands/info.js')).registerInfoCommands,
  init: async () => (await import('./commands/init.js')).registerInitCommands,
};

export async function buildProgram(argv: readonly string[] = process.argv.slice(2)): Promise<Command> {
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
  UPDRAFT_FERNET_KEY      key(s) encrypting connections and variables (default: generated into $UPDRAFT_HOME/fernet.key)
  UPDRAFT_CONN_<ID>       a connection as a URI or JSON, overriding the database (UPDRAFT_VAR_<KEY>: a variable)
  ./.env                  read when present, as 'updraft init' writes it (variables already set win)
  UPDRAFT__SECTION__KEY   any setting, e.g. UPDRAFT__CORE__PARALLELISM=64 (see 'updraft config list')

Settings can also live in $UPDRAFT_HOME/updraft.toml (or updraft.yaml), e.g. [core] parallelism = 64.`,
    );
  const first = argv.find((arg) => !arg.startsWith('-'));
  const wanted = first !== undefined && first in GROUPS ? [first] : Object.keys(GROUPS);
  const registrars = new Set<Registrar>();
  for (const name of wanted) registrars.add(await (GROUPS[name] as () => Promise<Registrar>)());
  for (const register of registrars) register(program);
  return program;
}
