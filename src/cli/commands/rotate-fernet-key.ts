/**
 * `updraft rotate-fernet-key`: after putting a new key first in UPDRAFT_FERNET_KEY
 * (`new,old`), or on the one line of the generated key file `$UPDRAFT_HOME/fernet.key`,
 * re-encrypt every connection and variable with it; then the old key can be dropped.
 * Airflow's command of the same name.
 */
import type { Command } from 'commander';
import { rotateFernetKey } from '../../services/rotate-fernet-key.js';
import { withApp } from '../command-helpers.js';

export function registerRotateFernetKeyCommands(program: Command): void {
  program
    .command('rotate-fernet-key')
    .description(
      'Re-encrypt every connection and variable with the first Fernet key: first set UPDRAFT_FERNET_KEY to "new,old", or, ' +
        'when using the generated key file, put "new,old" on its one line in $UPDRAFT_HOME/fernet.key (comma-separated, newest first); ' +
        'drop the old key afterwards',
    )
    .action(async () =>
      withApp(async ({ store }) => {
        const { connections, variables } = await rotateFernetKey(store);
        console.log(`Re-encrypted ${connections} connection(s) and ${variables} variable(s) with the first Fernet key.`);
      }),
    );
}
