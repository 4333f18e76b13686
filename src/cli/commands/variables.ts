/**
 * `updraft variables get|set|delete|list|import|export`: key/value settings for DAG
 * authors. Import/export use Airflow's file format: a JSON object of key -> value,
 * where a string is stored as is and anything else as its JSON text (so `{"n": 3}`
 * stores "3"), and `{"value": v, "description": d}` carries a description
 * (and `"is_secret": true` the secret flag, which Airflow's files do not have).
 */
import type { Command } from 'commander';
import { maskedVariableValue } from '../../services/secret-masking.js';
import { variableText } from '../../services/variables.js';
import type { Variable } from '../../store/types.js';
import { exportJson, note, readJsonObject, withApp, withOutput, writeText } from '../command-helpers.js';
import { renderRows, type OutputFormat } from '../output.js';

function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

type ExistingKeyAction = 'overwrite' | 'skip' | 'fail';

export function registerVariablesCommands(program: Command): void {
  const variables = program.command('variables').description('Manage variables: key/value settings that DAGs read at run time');

  withOutput(variables.command('get'))
    .description(
      "Print a variable's value as tasks see it: from the secrets backends in order (local file, UPDRAFT_VAR_<KEY>, the database); " +
        'exits 1 if it does not exist and no --default is given',
    )
    .argument('<key>')
    .option('--default <value>', 'print this when the variable does not exist')
    .option('-j, --json', 'the value is JSON: check it and print it formatted')
    .action(async (key: string, options: { default?: string; json?: boolean; output: OutputFormat }) =>
      withApp(async ({ store, secrets }) => {
        const found = await secrets.getVariable(key);
        if (!found && options.default === undefined) throw new Error(`variable '${key}' does not exist: see 'updraft variables list', or pass --default`);
        const text = found?.value ?? (options.default as string);
        const value = options.json ? parseJsonText(text, `variable '${key}'`) : text;
        if (options.output === 'json') {
          // Only the database keeps descriptions.
          const description = found?.source === 'metastore' ? ((await store.variables.get(key))?.description ?? null) : null;
          console.log(JSON.stringify({ key, value, description, source: found?.source ?? 'default' }, null, 2));
        } else {
          console.log(options.json ? JSON.stringify(value, null, 2) : text);
        }
      }),
    );

  variables
    .command('set')
    .description('Create or update a variable')
    .argument('<key>')
    .argument('<value>')
    .option('--description <text>', 'what the variable is for')
    .option('-j, --json', 'the value must be valid JSON')
    .option('--secret', 'mask its value in task logs, the API and the UI whatever its key (keys naming a password, token, secret... always are)')
    .option('--no-secret', 'remove the secret flag')
    .action(async (key: string, value: string, options: { description?: string; json?: boolean; secret?: boolean }) =>
      withApp(async ({ store }) => {
        if (options.json) parseJsonText(value, `the value of '${key}'`);
        await store.variables.set({
          key,
          value,
          ...(options.description !== undefined ? { description: options.description } : {}),
          ...(options.secret !== undefined ? { isSecret: options.secret } : {}),
        });
        console.log(`Variable ${key} set`);
      }),
    );

  variables
    .command('delete')
    .description('Delete a variable')
    .argument('<key>')
    .action(async (key: string) =>
      withApp(async ({ store }) => {
        if (!(await store.variables.delete(key))) throw new Error(`variable '${key}' does not exist: see 'updraft variables list'`);
        console.log(`Variable ${key} deleted`);
      }),
    );

  withOutput(variables.command('list'))
    .description('List variables (keys and descriptions; values with --show-values, secret ones masked)')
    .option('--show-values', 'also print each value (secret variables as ***; read one with `variables get`)')
    .action(async (options: { showValues?: boolean; output: OutputFormat }) =>
      withApp(async ({ store }) => {
        const { items } = await store.variables.list({ orderBy: 'key' });
        const rows = items.map((v) => ({ key: v.key, value: maskedVariableValue(v.key, v.value, v.isSecret), description: v.description }));
        console.log(renderRows(rows, options.showValues ? ['key', 'value', 'description'] : ['key', 'description'], options.output));
      }),
    );

  variables
    .command('import')
    .description('Import variables from a JSON file of key -> value (Airflow\'s format; "-" reads stdin)')
    .argument('<file>')
    .option('--action-on-existing-key <action>', 'overwrite, skip or fail', 'overwrite')
    .action(async (file: string, options: { actionOnExistingKey: string }) => {
      const action = options.actionOnExistingKey as ExistingKeyAction;
      if (!['overwrite', 'skip', 'fail'].includes(action)) throw new Error(`--action-on-existing-key must be overwrite, skip or fail, not '${action}'`);
      const entries = Object.entries(readJsonObject(file)).map(([key, raw]) => toVariable(key, raw));
      await withApp(async ({ store }) => {
        const existing = new Set<string>();
        for (const { key } of entries) if (await store.variables.get(key)) existing.add(key);
        if (action === 'fail' && existing.size > 0) throw new Error(`these variables already exist: ${[...existing].sort().join(', ')} (nothing was imported)`);
        const toWrite = action === 'skip' ? entries.filter((e) => !existing.has(e.key)) : entries;
        await store.transaction(async (tx) => {
          for (const variable of toWrite) await tx.variables.set(variable);
        });
        console.log(`${toWrite.length} of ${entries.length} variables successfully updated.`);
        if (action === 'skip' && existing.size > 0) console.log(`Skipped existing: ${[...existing].sort().join(', ')}`);
      });
    });

  variables
    .command('export')
    .description('Export all variables to a JSON file (Airflow\'s format, plus "is_secret": true on flagged ones; "-" writes to stdout); the file is written with mode 0600')
    .argument('<file>')
    .action(async (file: string) =>
      withApp(async ({ store }) => {
        const { items } = await store.variables.list({ orderBy: 'key' });
        const where = writeText(file, exportJson(Object.fromEntries(items.map((v) => [v.key, toExported(v)]))), { private: true });
        note(file === '-', `Exported ${items.length} variable(s) to ${where}`);
      }),
    );
}

function toVariable(key: string, raw: unknown): { key: string; value: string; description?: string | null; isSecret?: boolean } {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'value' in raw) {
    const { value, description, is_secret: isSecret } = raw as { value: unknown; description?: unknown; is_secret?: unknown };
    if (description !== undefined && description !== null && typeof description !== 'string') {
      throw new Error(`variable '${key}': "description" must be a string`);
    }
    if (isSecret !== undefined && typeof isSecret !== 'boolean') throw new Error(`variable '${key}': "is_secret" must be true or false`);
    return { key, value: variableText(value), description: (description as string | undefined) ?? null, ...(isSecret !== undefined ? { isSecret } : {}) };
  }
  return { key, value: variableText(raw) };
}

/**
 * The inverse of `toVariable`: JSON text comes back as its value, plain strings as themselves.
 * A variable flagged secret carries `"is_secret": true` (our addition to Airflow's format), so
 * an import elsewhere keeps masking it.
 */
function toExported(variable: Variable): unknown {
  let value: unknown = variable.value;
  try {
    const decoded: unknown = JSON.parse(variable.value);
    if (typeof decoded !== 'string') value = decoded;
  } catch {
    // not JSON: a plain string
  }
  const wrapsValue = typeof value === 'object' && value !== null && !Array.isArray(value) && 'value' in value;
  if (variable.isSecret) return { value, description: variable.description, is_secret: true };
  return variable.description || wrapsValue ? { value, description: variable.description } : value;
}
