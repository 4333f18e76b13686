/**
 * What `updraft init` writes. The fixed files (the example DAG, plugin and
 * test, tsconfig.json, README, .gitignore) are real files in the package's
 * `templates/project/`; package.json and .env depend on the project and are
 * made here. test/init-project.test.ts type-checks and runs the result.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Same depth under src/ and dist/. */
const TEMPLATE_FOLDER = fileURLToPath(new URL('../../templates/project', import.meta.url));
/** npm leaves `.gitignore` files out of a published package, so the template's is called `gitignore`. */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

export interface ProjectInput {
  /** The npm package name (also the README's title). */
  readonly name: string;
  /** Absolute path of the project folder: `.env` points UPDRAFT_HOME and the DAGs folder into it. */
  readonly root: string;
  /** The `updraft` dependency's version spec, e.g. `^0.1.0` or `file:../updraft`. */
  readonly updraftSpec: string;
  /** Versions of the project's tools (typescript, tsx, @types/node). */
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly fernetKey: string;
}

/** Relative path -> content. */
export function projectFiles(input: ProjectInput): Record<string, string> {
  const files: Record<string, string> = { 'package.json': packageJson(input), '.env': dotEnv(input) };
  for (const entry of readdirSync(TEMPLATE_FOLDER, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    const target = relative(TEMPLATE_FOLDER, path).split('\\').join('/');
    files[RENAMED[target] ?? target] = readFileSync(path, 'utf8').replaceAll('{{name}}', input.name);
  }
  return files;
}

function packageJson(input: ProjectInput): string {
  const pkg = {
    name: input.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      start: 'updraft standalone',
      typecheck: 'tsc --noEmit -p .',
      test: 'node --import tsx --test tests/*.test.ts',
    },
    dependencies: { updraft: input.updraftSpec },
    devDependencies: input.devDependencies,
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function dotEnv(input: ProjectInput): string {
  return `# Read by every \`updraft\` command run in this folder; variables already set in the shell win.
# It holds this machine's paths and a secret key: keep it out of git (see .gitignore).

# The metadata database, logs and caches, and the DAGs, all inside this project.
UPDRAFT_HOME=${input.root}/.updraft
UPDRAFT_DAGS_FOLDER=${input.root}/dags
# true to also load the example DAGs that come with Updraft.
UPDRAFT_LOAD_EXAMPLES=false

# Encrypts connection passwords and variables in the database. Back it up: without it they
# cannot be read. Every machine sharing one database needs the same key.
UPDRAFT_FERNET_KEY=${input.fernetKey}

# Connections and variables can live here too, e.g.:
# UPDRAFT_CONN_WAREHOUSE=postgres://user:password@localhost:5432/warehouse
# UPDRAFT_VAR_GREETING=Hello
`;
}
