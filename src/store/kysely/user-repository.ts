/** Users and their roles. Passwords arrive already hashed; the store never sees one. */
import type { Selectable, Updateable } from 'kysely';
import { StoreError } from '../errors.js';
import type { NewUser, Page, PageRequest, UserPatch, UserRepository } from '../store.js';
import type { User } from '../types.js';
import { changed, inTransaction } from './context.js';
import type { RepoContext } from './context.js';
import { applyPage, pageBounds, pageOf } from './paging.js';
import type { UserTable } from './schema.js';

export class KyselyUserRepository implements UserRepository {
  constructor(private readonly ctx: RepoContext) {}

  private async rolesOf(usernames: readonly string[]): Promise<Map<string, string[]>> {
    const roles = new Map<string, string[]>();
    if (usernames.length === 0) return roles;
    const rows = await this.ctx.db.selectFrom('user_role').selectAll().where('username', 'in', usernames).orderBy('role').execute();
    for (const row of rows) roles.set(row.username, [...(roles.get(row.username) ?? []), row.role]);
    return roles;
  }

  private toUser(row: Selectable<UserTable>, roles: readonly string[]): User {
    const c = this.ctx.codec;
    return {
      username: row.username,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      passwordHash: row.password_hash,
      roles,
      active: c.toBool(row.active),
      createdAt: c.toDate(row.created_at),
      lastLogin: c.toDateOrNull(row.last_login),
    };
  }

  async create(user: NewUser, now: Date): Promise<User> {
    const c = this.ctx.codec;
    await inTransaction(this.ctx.db, async (trx) => {
      const inserted = await trx
        .insertInto('updraft_user')
        .values({
          username: user.username,
          email: user.email,
          first_name: user.firstName,
          last_name: user.lastName,
          password_hash: user.passwordHash,
          active: c.bool(user.active),
          created_at: c.time(now),
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .returning('username')
        .executeTakeFirst();
      if (!inserted) throw new StoreError('conflict', `a user named "${user.username}" already exists`);
      const roles = [...new Set(user.roles)];
      if (roles.length > 0) await trx.insertInto('user_role').values(roles.map((role) => ({ username: user.username, role }))).execute();
    });
    const created = await this.get(user.username);
    if (!created) throw new Error(`user "${user.username}" vanished right after being created`);
    return created;
  }

  async get(username: string): Promise<User | null> {
    const row = await this.ctx.db.selectFrom('updraft_user').selectAll().where('username', '=', username).executeTakeFirst();
    return row ? this.toUser(row, (await this.rolesOf([username])).get(username) ?? []) : null;
  }

  async list(page: PageRequest = {}): Promise<Page<User>> {
    const db = this.ctx.db;
    const bounds = pageBounds(page);
    return pageOf(
      bounds,
      async () => {
        const rows = await applyPage(db.selectFrom('updraft_user').selectAll().orderBy('username'), bounds).execute();
        const roles = await this.rolesOf(rows.map((r) => r.username));
        return rows.map((r) => this.toUser(r, roles.get(r.username) ?? []));
      },
      async () => (await db.selectFrom('updraft_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    );
  }

  async update(username: string, patch: UserPatch): Promise<boolean> {
    const c = this.ctx.codec;
    const values: Updateable<UserTable> = {};
    if (patch.email !== undefined) values.email = patch.email;
    if (patch.firstName !== undefined) values.first_name = patch.firstName;
    if (patch.lastName !== undefined) values.last_name = patch.lastName;
    if (patch.passwordHash !== undefined) values.password_hash = patch.passwordHash;
    if (patch.active !== undefined) values.active = c.bool(patch.active);
    if (patch.lastLogin !== undefined) values.last_login = c.timeOrNull(patch.lastLogin);
    const roles = patch.roles;
    if (Object.keys(values).length === 0 && roles === undefined) return (await this.get(username)) !== null;
    // Fields and roles change together or not at all: a role change never lands without the rest.
    return inTransaction(this.ctx.db, async (trx) => {
      const found =
        Object.keys(values).length > 0
          ? changed(await trx.updateTable('updraft_user').set(values).where('username', '=', username).executeTakeFirst()) > 0
          : (await trx.selectFrom('updraft_user').select('username').where('username', '=', username).executeTakeFirst()) !== undefined;
      if (!found || roles === undefined) return found;
      await trx.deleteFrom('user_role').where('username', '=', username).execute();
      const unique = [...new Set(roles)];
      if (unique.length > 0) await trx.insertInto('user_role').values(unique.map((role) => ({ username, role }))).execute();
      return true;
    });
  }

  async setRoles(username: string, roles: readonly string[]): Promise<boolean> {
    return this.update(username, { roles });
  }

  async delete(username: string): Promise<boolean> {
    return changed(await this.ctx.db.deleteFrom('updraft_user').where('username', '=', username).executeTakeFirst()) > 0;
  }
}
