/**
 * `updraft init [dir]`: scaffolds a project (dags/, plugins/, tests/,
 * package.json, tsconfig.json, .env with a new Fernet key, README) that passes
 * its own type-check and tests out of the box.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { generateFernetKey } from '../../secrets/fernet.js';
import { projectFiles } from '../project-template.js';

interface OwnPackage {
  readonly version: string;
  readonly devDependencies: Readonly<Record<string, string>>;
}

const own = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as OwnPackage;
/** The project's tools, at the versions this Updraft is built and tested with. */
const PROJECT_DEV_DEPENDENCIES = ['@types/node', 'tsx', 'typescript'];

export interface ScaffoldOptions {
  readonly force?: boolean;
  readonly updraftSpec?: string;
}

export interface ScaffoldOutcome {
  readonly root: string;
  readonly written: readonly string[];
  /** Files left as they were (an existing .env keeps its Fernet key). */
  readonly kept: readonly string[];
}

export function scaffoldProject(dir: string, options: ScaffoldOptions = {}): ScaffoldOutcome {
  const root = resolve(dir);
  if (existsSync(root)) {
    if (!statSync(root).isDirectory()) throw new Error(`${root} is a file: give 'updraft init' a folder to create`);
    const entries = readdirSync(root);
    if (entries.length > 0 && options.force !== true) {
      const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, and ${entries.length - 5} more` : '');
      throw new Error(`${root} is not empty (${shown}): give a new folder, or pass --force to write the project into it (files of the same names are replaced)`);
    }
  }
  const files = projectFiles({
    name: packageName(basename(root)),
    root,
    updraftSpec: options.updraftSpec ?? `^${own.version}`,
    devDependencies: Object.fromEntries(PROJECT_DEV_DEPENDENCIES.map((name) => [name, own.devDependencies[name] ?? 'latest'])),
    fernetKey: generateFernetKey(),
  });
  const written: string[] = [];
  const kept: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, path);
    // Replacing the key would leave whatever it encrypted unreadable.
    if (path === '.env' && existsSync(target)) {
      kept.push(path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    written.push(path);
  }
  return { root, written, kept };
}

/** npm's rules: lower case, no spaces, URL-safe characters. */
function packageName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+|-+$/g, '');
  return name || 'updraft-project';
}

export function registerInitCommands(program: Command): void {
  program
    .command('init')
    .description('Scaffold a project: dags/, plugins/, tests/, package.json, tsconfig.json, .env with a new Fernet key, README')
    .argument('[dir]', 'the project folder, created if missing', '.')
    .option('--force', 'write into a folder that is not empty (files of the same names are replaced; an existing .env is kept)')
    .option('--updraft-spec <spec>', "the version of updraft the project depends on, e.g. 'file:../updraft' for a checkout", `^${own.version}`)
    .action((dir: string, options: { force?: boolean; updraftSpec: string }) => {
      const outcome = scaffoldProject(dir, options);
      console.log(`Created an Updraft project in ${outcome.root}:`);
      for (const path of outcome.written) console.log(`  ${path}`);
      for (const path of outcome.kept) console.log(`  ${path} (kept as it was)`);
      const cd = resolve(dir) === process.cwd() ? '' : `  cd ${dir}\n`;
      console.log(`\nNext:\n${cd}  npm install\n  npm test                 # the example DAG's tests\n  npx updraft standalone   # scheduler and web UI on http://localhost:8080`);
    });
}
