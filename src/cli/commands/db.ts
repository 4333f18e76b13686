/** `updraft db migrate | check | reset`: the metadata database's schema. */
import type { Command } from 'commander';
import { confirm } from '../confirm.js';
import { openApp } from '../../app.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('Manage the metadata database (SQLite by default, PostgreSQL with UPDRAFT_DATABASE_URL)');

  db.command('migrate')
    .description('Apply pending schema migrations (they also run when any command starts)')
    .action(async () => {
      const app = await openApp({ migrate: false });
      try {
        const applied = await app.store.migrate();
        const check = await app.store.check();
        console.log(applied.length === 0 ? `Database is up to date (${check.location})` : `Applied ${applied.join(', ')} to ${check.location}`);
      } finally {
        await app.close();
      }
    });

  db.command('check')
    .description('Check that the database is reachable and fully migrated; exits 1 if not')
    .action(async () => {
      const app = await openApp({ migrate: false });
      try {
        const check = await app.store.check();
        if (!check.reachable) throw new Error(`cannot reach the ${check.dialect} database at ${check.location}: ${check.error ?? 'unknown error'}`);
        if (!check.upToDate) {
          throw new Error(`the database at ${check.location} needs migrations ${check.pending.join(', ')}: run 'updraft db migrate'`);
        }
        console.log(`OK: ${check.dialect} database at ${check.location}, ${check.applied.length} migrations applied`);
      } finally {
        await app.close();
      }
    });

  db.command('reset')
    .description('Delete ALL data (runs, logs metadata, variables, connections, users) and recreate the schema')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (options: { yes?: boolean }) => {
      const app = await openApp({ migrate: false });
      try {
        const { location } = await app.store.check();
        if (!options.yes && !(await confirm(`This deletes every row in ${location}. Type 'yes' to continue: `))) {
          console.log('Nothing was deleted.');
          process.exitCode = 1;
          return;
        }
        await app.store.reset();
        console.log(`Reset ${location}: the schema is recreated and empty (with default_pool).`);
      } finally {
        await app.close();
      }
    });
}
