/**
 * Users as the API and the CLI manage them: inputs checked (username, email,
 * known roles, a password), passwords hashed with scrypt before they reach the
 * store, every change audited, and no Admin able to delete, disable or demote
 * themselves, so there is always an Admin left to undo a mistake.
 */
import { DEFAULT_SCRYPT_PARAMS, hashPassword, type ScryptParams } from '../auth/password.js';
import { isRole, ROLES_BY_POWER } from '../auth/roles.js';
import type { Page, Store, UserPatch } from '../store/store.js';
import type { User } from '../store/types.js';
import { audit } from './audit.js';
import { BadRequestError, ConflictError, NotFoundError } from './errors.js';

/** Safe in a URL path segment and a JWT subject: no `/`, no spaces, no leading `.` (`..` is not addressable). */
export const USERNAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.@+-]*$/;
/** The sign-in form takes up to these lengths: a longer name or password could never sign in. */
export const USERNAME_MAX_LENGTH = 256;
export const PASSWORD_MAX_LENGTH = 1024;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/** Who makes a change: a signed-in user, or `null` for the command line on the database's machine (audited as `updraft`). */
export type UserActor = string | null;

export interface NewUserInput {
  readonly username: string;
  readonly email: string;
  readonly firstName?: string | null | undefined;
  readonly lastName?: string | null | undefined;
  readonly password: string;
  readonly roles: readonly string[];
}

/** Fields to change; undefined (or null, as Airflow's PATCH means it) leaves one as it is. */
export interface UserChanges {
  readonly username?: string | null | undefined;
  readonly email?: string | null | undefined;
  /** An empty string clears the name. */
  readonly firstName?: string | null | undefined;
  readonly lastName?: string | null | undefined;
  readonly password?: string | null | undefined;
  readonly roles?: readonly string[] | null | undefined;
  readonly active?: boolean | null | undefined;
}

export const USER_FIELDS = ['username', 'email', 'first_name', 'last_name', 'roles', 'password', 'active'] as const;
export type UserField = (typeof USER_FIELDS)[number];

export interface UserServiceOptions {
  /** Cost of the password hash (tests lower it). */
  readonly scrypt?: ScryptParams;
}

// ---------------------------------------------------------------- checks

export function usernameProblem(username: string): string | null {
  if (username.length === 0) return 'the username is empty';
  if (username.length > USERNAME_MAX_LENGTH) return `the username is ${username.length} characters long: the limit is ${USERNAME_MAX_LENGTH}`;
  if (!USERNAME_PATTERN.test(username)) return `'${username}' is not a valid username: use letters, digits and _ . @ + -, starting with a letter, digit or _`;
  return null;
}

export function emailProblem(email: string): string | null {
  return EMAIL_PATTERN.test(email) ? null : `'${email}' is not an email address`;
}

export function passwordProblem(password: string): string | null {
  if (password.length === 0) return 'the password is empty';
  if (password.length > PASSWORD_MAX_LENGTH) return `the password is ${password.length} characters long: the limit is ${PASSWORD_MAX_LENGTH}`;
  return null;
}

/** The roles, each once, in the order given; an unknown role is an error that lists the known ones. */
export function checkedRoles(roles: readonly string[]): string[] {
  const unique = [...new Set(roles)];
  const unknown = unique.filter((r) => !isRole(r));
  if (unknown.length > 0) {
    const names = unknown.map((r) => `'${r}'`).join(', ');
    throw new BadRequestError(`unknown role${unknown.length > 1 ? 's' : ''} ${names}: use one of ${ROLES_BY_POWER.join(', ')}`);
  }
  return unique;
}

function check(problem: string | null): void {
  if (problem !== null) throw new BadRequestError(problem);
}

// ---------------------------------------------------------------- reads

function notFound(username: string): NotFoundError {
  return new NotFoundError(`The User with username \`${username}\` was not found`);
}

export async function requireUser(store: Store, username: string): Promise<User> {
  const user = await store.users.get(username);
  if (!user) throw notFound(username);
  return user;
}

export interface UserListRequest {
  /** A field of User, `-` for descending. */
  readonly sort: string;
  readonly limit: number;
  readonly offset: number;
}

/** Users are few: sorted and paged in memory, by any field (nulls first; ties keep username order). */
export async function listUsers(store: Store, request: UserListRequest): Promise<Page<User>> {
  const { items } = await store.users.list();
  const descending = request.sort.startsWith('-');
  const field = (descending ? request.sort.slice(1) : request.sort) as keyof User;
  const key = (u: User): string | number | null => {
    const v = u[field];
    return v instanceof Date ? v.getTime() : typeof v === 'boolean' ? Number(v) : typeof v === 'string' || typeof v === 'number' ? v : null;
  };
  const order = (a: User, b: User): number => {
    const [x, y] = [key(a), key(b)];
    if (x === y) return 0;
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  };
  const sorted = [...items].sort((a, b) => (descending ? -1 : 1) * order(a, b));
  return { items: sorted.slice(request.offset, request.offset + request.limit), total: items.length };
}

async function emailTakenBy(store: Store, email: string, except: string | null): Promise<string | null> {
  const wanted = email.toLowerCase();
  const { items } = await store.users.list();
  return items.find((u) => u.username !== except && u.email?.toLowerCase() === wanted)?.username ?? null;
}

// ---------------------------------------------------------------- changes

export async function createUser(store: Store, input: NewUserInput, actor: UserActor, now: Date, options: UserServiceOptions = {}): Promise<User> {
  check(usernameProblem(input.username));
  check(emailProblem(input.email));
  check(passwordProblem(input.password));
  const roles = checkedRoles(input.roles);
  if (await store.users.get(input.username)) {
    throw new ConflictError(`a user named "${input.username}" already exists: choose another username, or change that user instead`);
  }
  const holder = await emailTakenBy(store, input.email, null);
  if (holder !== null) throw new ConflictError(`the email '${input.email}' is already taken by user '${holder}': each user needs their own`);
  const passwordHash = await hashPassword(input.password, options.scrypt ?? DEFAULT_SCRYPT_PARAMS);
  const created = await store.users.create(
    { username: input.username, email: input.email, firstName: blankToNull(input.firstName), lastName: blankToNull(input.lastName), passwordHash, roles, active: true },
    now,
  );
  await audit(store, 'user_create', { owner: actor ?? 'updraft', extra: JSON.stringify({ username: input.username, roles }) }, now);
  return created;
}

/**
 * Changes the fields named in `mask` (null: every field the changes carry). A
 * user cannot remove the Admin role from, disable or rename themselves.
 */
export async function updateUser(
  store: Store,
  username: string,
  changes: UserChanges,
  mask: readonly string[] | null,
  actor: UserActor,
  now: Date,
  options: UserServiceOptions = {},
): Promise<User> {
  const unknown = (mask ?? []).filter((f) => !(USER_FIELDS as readonly string[]).includes(f));
  if (unknown.length > 0) throw new BadRequestError(`Unknown update masks: ${unknown.map((f) => `'${f}'`).join(', ')}: use ${USER_FIELDS.join(', ')}`);
  const current = await requireUser(store, username);
  const given = <T>(field: UserField, value: T | null | undefined): value is T => (mask === null || mask.includes(field)) && value !== undefined && value !== null;

  const patch: { -readonly [K in keyof UserPatch]: UserPatch[K] } = {};
  const fields: UserField[] = [];
  if (given('username', changes.username) && changes.username !== username) {
    throw new BadRequestError(`renaming a user is not supported ('${username}' to '${changes.username}'): create '${changes.username}' and delete '${username}'`);
  }
  if (given('email', changes.email) && changes.email !== current.email) {
    check(emailProblem(changes.email));
    const holder = await emailTakenBy(store, changes.email, username);
    if (holder !== null) throw new ConflictError(`the email '${changes.email}' is already taken by user '${holder}': each user needs their own`);
    patch.email = changes.email;
    fields.push('email');
  }
  if (given('first_name', changes.firstName)) {
    patch.firstName = blankToNull(changes.firstName);
    fields.push('first_name');
  }
  if (given('last_name', changes.lastName)) {
    patch.lastName = blankToNull(changes.lastName);
    fields.push('last_name');
  }
  if (given('roles', changes.roles)) {
    patch.roles = checkedRoles(changes.roles);
    if (actor === username && current.roles.includes('Admin') && !patch.roles.includes('Admin')) {
      throw new BadRequestError(`you cannot remove the Admin role from yourself ('${username}'): another Admin must do it, so one Admin always remains`);
    }
    fields.push('roles');
  }
  if (given('active', changes.active)) {
    if (actor === username && !changes.active) throw new BadRequestError(`you cannot disable yourself ('${username}'): another Admin must do it, so one Admin always remains`);
    patch.active = changes.active;
    fields.push('active');
  }
  if (given('password', changes.password)) {
    check(passwordProblem(changes.password));
    patch.passwordHash = await hashPassword(changes.password, options.scrypt ?? DEFAULT_SCRYPT_PARAMS);
    fields.push('password');
  }
  if (!(await store.users.update(username, patch))) throw notFound(username);
  if (fields.length === 0) return current; // Nothing changed: nothing to audit.
  await audit(store, 'user_edit', { owner: actor ?? 'updraft', extra: JSON.stringify({ username, fields, ...(patch.roles ? { roles: patch.roles } : {}) }) }, now);
  return requireUser(store, username);
}

export async function deleteUser(store: Store, username: string, actor: UserActor, now: Date): Promise<void> {
  if (actor === username) throw new BadRequestError(`you cannot delete yourself ('${username}'): another Admin must do it, so one Admin always remains`);
  if (!(await store.users.delete(username))) throw notFound(username);
  await audit(store, 'user_delete', { owner: actor ?? 'updraft', extra: JSON.stringify({ username }) }, now);
}

function blankToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value;
}
