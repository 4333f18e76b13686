/**
 * Users and roles as Airflow's FAB auth manager serves them (`/auth/fab/v1`):
 * its `UserBody`, `UserPatchBody`, `UserResponse`, `RoleResponse` and their
 * collections. A password goes in; none ever comes out.
 */
import { z } from '@hono/zod-openapi';
import { EMAIL_PATTERN, PASSWORD_MAX_LENGTH, USERNAME_MAX_LENGTH, USERNAME_PATTERN } from '../../services/users.js';
import { nullableDateTime } from './common.js';

const usernameField = z
  .string()
  .min(1)
  .max(USERNAME_MAX_LENGTH)
  .regex(USERNAME_PATTERN, `String should match pattern ${USERNAME_PATTERN.source}`)
  .openapi({ description: 'Letters, digits and `_ . @ + -`, starting with a letter, digit or `_`.' });
const emailField = z.string().min(1).max(256).regex(EMAIL_PATTERN, 'value is not a valid email address: it needs one @ and no spaces');
const nameField = z.string().max(256).nullable().optional();
const passwordField = z.string().min(1).max(PASSWORD_MAX_LENGTH).openapi({ format: 'password', writeOnly: true });

/** A reference to a role by name, as users carry them (Airflow's `Role` in the users schemas). */
export const RoleRef = z.object({ name: z.string().min(1) }).openapi('Role');

export const UserBody = z
  .strictObject({
    username: usernameField,
    email: emailField,
    first_name: nameField,
    last_name: nameField,
    roles: z
      .array(RoleRef)
      .nullable()
      .optional()
      .openapi({ description: 'Roles by name (Viewer, User, Op, Admin). None given: the user can sign in but may do nothing.' }),
    password: passwordField,
  })
  .openapi('UserBody');

export const UserPatchBody = z
  .strictObject({
    username: usernameField.nullable().optional().openapi({ description: "Must be the user's own: renaming is not supported." }),
    email: emailField.nullable().optional(),
    first_name: nameField.openapi({ description: 'null leaves it as it is; an empty string clears it.' }),
    last_name: nameField.openapi({ description: 'null leaves it as it is; an empty string clears it.' }),
    roles: z.array(RoleRef).nullable().optional().openapi({ description: "Replaces the user's roles." }),
    password: passwordField.nullable().optional(),
    active: z.boolean().nullable().optional().openapi({ description: 'False disables the user: no sign-in, and their tokens stop working.' }),
  })
  .openapi('UserPatchBody');

export const UserResponse = z
  .object({
    username: z.string(),
    email: z.string().nullable(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    roles: z.array(RoleRef),
    active: z.boolean(),
    last_login: nullableDateTime,
    login_count: z.number().int().nullable().openapi({ description: 'Not counted by Updraft: always null.' }),
    fail_login_count: z.number().int().nullable().openapi({ description: 'Not counted by Updraft: always null.' }),
    created_on: nullableDateTime,
    changed_on: nullableDateTime.openapi({ description: 'Not recorded by Updraft: always null.' }),
  })
  .openapi('UserResponse', { description: 'A user (never the password).' });

export const UserCollectionResponse = z
  .object({ users: z.array(UserResponse), total_entries: z.number().int() })
  .openapi('UserCollectionResponse');

export const ActionResponse = z.object({ name: z.string() }).openapi('Action');
export const ResourceResponse = z.object({ name: z.string() }).openapi('Resource');
export const ActionResourceResponse = z.object({ action: ActionResponse, resource: ResourceResponse }).openapi('ActionResource');

export const RoleResponse = z
  .object({ name: z.string(), actions: z.array(ActionResourceResponse) })
  .openapi('RoleResponse', { description: 'A role and every action it allows on each resource (`can_read`, `can_create`, `can_edit`, `can_delete`).' });

export const RoleCollectionResponse = z
  .object({ roles: z.array(RoleResponse), total_entries: z.number().int() })
  .openapi('RoleCollectionResponse');
