/**
 * `updraft users create|list|delete`: accounts for the UI and the REST API. The
 * users service checks the input, hashes the password (scrypt) and audits the change.
 */
import type { Command } from 'commander';
import { randomPassword } from '../../auth/password.js';
import { ROLES_BY_POWER } from '../../auth/roles.js';
import { createUser, deleteUser } from '../../services/users.js';
import { withApp, withOutput } from '../command-helpers.js';
import { renderRows, type OutputFormat } from '../output.js';

/** Airflow's built-in roles, from most to least powerful. */
export const ROLES = ROLES_BY_POWER;

interface CreateOptions {
  username: string;
  role: string;
  email: string;
  firstname?: string;
  lastname?: string;
  password?: string;
  useRandomPassword?: boolean;
}

export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('Manage the users who can sign in to the UI and the REST API');

  users
    .command('create')
    .description(`Create a user with one role (${ROLES.join(', ')})`)
    .requiredOption('-u, --username <name>')
    .requiredOption('-r, --role <role>', ROLES.join(', '))
    .requiredOption('-e, --email <email>')
    .option('-f, --firstname <name>')
    .option('-l, --lastname <name>')
    .option('-p, --password <password>', 'the password (visible in your shell history: prefer --use-random-password)')
    .option('--use-random-password', 'generate a password and print it once')
    .action(async (o: CreateOptions) => {
      if (o.password !== undefined && o.useRandomPassword) throw new Error('give --password or --use-random-password, not both');
      if (o.password === undefined && !o.useRandomPassword) throw new Error('give --password <password> or --use-random-password');
      // Any case on the command line (`-r viewer`); the service knows only the exact names.
      const role = ROLES.find((r) => r.toLowerCase() === o.role.toLowerCase()) ?? o.role;
      const password = o.password ?? randomPassword();
      await withApp(async ({ store }) => {
        await createUser(store, { username: o.username, email: o.email, firstName: o.firstname, lastName: o.lastname, password, roles: [role] }, null, new Date());
      });
      console.log(`User ${o.username} created with role ${role}`);
      if (o.useRandomPassword) console.log(`Password (shown only once): ${password}`);
    });

  withOutput(users.command('list'))
    .description('List users and their roles')
    .action(async (options: { output: OutputFormat }) =>
      withApp(async ({ store }) => {
        const { items } = await store.users.list();
        const rows = items.map((u) => ({
          username: u.username,
          email: u.email,
          first_name: u.firstName,
          last_name: u.lastName,
          roles: u.roles,
          active: u.active,
          created_at: u.createdAt.toISOString(),
          last_login: u.lastLogin?.toISOString() ?? null,
        }));
        console.log(renderRows(rows, ['username', 'email', 'first_name', 'last_name', 'roles', 'active', 'created_at', 'last_login'], options.output));
      }),
    );

  users
    .command('delete')
    .description('Delete a user')
    .requiredOption('-u, --username <name>')
    .action(async (o: { username: string }) =>
      withApp(async ({ store }) => {
        if (!(await store.users.get(o.username))) throw new Error(`user '${o.username}' does not exist: see 'updraft users list'`);
        await deleteUser(store, o.username, null, new Date());
        console.log(`User ${o.username} deleted`);
      }),
    );
}
