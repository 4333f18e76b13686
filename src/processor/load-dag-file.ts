/**
 * Loads one DAG file in the current process: bundles it with esbuild (helper
 * modules it imports by relative path are inlined), writes the bundle to a
 * content-addressed file and imports that, then drains the DAG registry.
 *
 * Packages (bare imports) are not bundled: they are resolved from the DAGs
 * folder first (the user's own node_modules), then from Updraft's install, and
 * imported by absolute URL. `updraft` itself always means this process's SDK
 * module, so the DAGs register in the registry this process reads (and
 * `updraft/hooks` this process's hooks).
 *
 * A file may read variables at its top level (`await variable('dag_number')`):
 * the caller's `readVariable` answers, and the values read come back with the
 * DAGs, so the processor can re-parse the file when one of them changes. A
 * bundle is evaluated again (under a new URL) when a value it read differs.
 *
 * The caller also installs the configured defaults for what DAG files leave
 * unset (catchup, maxActiveRuns, maxActiveTasks, retries) for the time of the
 * import; a bundle evaluated with other defaults is evaluated again too.
 *
 * Shared by the DAG processor's child and the task runner; it knows nothing of
 * child processes or timeouts.
 */
import { build, type BuildFailure, type Message, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sameAuthoringDefaults, setAuthoringDefaults, type AuthoringDefaults } from '../sdk/authoring-defaults.js';
import type { Dag } from '../sdk/dag.js';
import { setParseVariableSource, type ParseVariableSource } from '../sdk/parse-variables.js';
import { takeRegisteredDags } from '../sdk/registry.js';
import { toPosix } from './dag-file-finder.js';
import { locateOwnModule } from './own-module.js';
import { sourceLocationsPlugin } from './source-locations-plugin.js';

export interface LoadDagFileOptions {
  /** The DAGs folder the file belongs to: `fileloc` is relative to it, packages resolve from it first. */
  readonly dagsFolder: string;
  /** Where bundles are written (`<sha256>.mjs`); created if missing. */
  readonly cacheDir: string;
  /** Overrides the `fileloc` written into each spec (default: the path relative to `dagsFolder`). */
  readonly fileloc?: string;
  /** Answers the file's parse-time `variable()` reads (default: none, so each read gets its fallback). */
  readonly readVariable?: ParseVariableSource;
  /** What DAGs and tasks get for the options they leave unset (default: the SDK's built-in ones). */
  readonly authoringDefaults?: AuthoringDefaults;
}

/** The variables a file read while it was imported, with the values it got (`null`: not set). */
export type ParseTimeVariables = Readonly<Record<string, string | null>>;

export interface LoadedDagFile {
  /** The DAGs the file declared, in declaration order, `spec.fileloc` filled. */
  readonly dags: Dag[];
  /** The file's own text. */
  readonly source: string;
  /** sha256 of the bundled code (the file and every helper module it inlines). */
  readonly bundleHash: string;
  /** The local modules the bundle inlined besides the file itself (helpers, `../plugins/*.ts`), absolute paths. */
  readonly imports: readonly string[];
  readonly variables: ParseTimeVariables;
}

/** The file could not be bundled: a syntax error, or an import that does not resolve. */
export class DagFileBundleError extends Error {
  constructor(
    readonly fileloc: string,
    readonly messages: readonly string[],
  ) {
    super(`Cannot compile ${fileloc}:\n${messages.join('\n')}`);
    this.name = 'DagFileBundleError';
  }
}

/** Declares one DAG id twice in the same file. */
export class DuplicateDagIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DuplicateDagIdError';
  }
}

/**
 * Updraft's own entry points, always this process's modules: `updraft` so the DAGs register in
 * the registry this process reads, `updraft/hooks` so task code uses the same hooks as the operators.
 */
const ownEntries: ReadonlyMap<string, string> = new Map([
  ['updraft', locateOwnModule(import.meta.url, '../sdk/index')],
  ['updraft/hooks', locateOwnModule(import.meta.url, '../hooks/index')],
]);
/** Updraft's own folder: packages the DAGs folder lacks are looked up from here (its node_modules). */
const ownDir = dirname(fileURLToPath(import.meta.url));

// An evaluated ES module is cached for the life of the process: importing the same
// bundle again runs nothing and registers nothing, so remember what it declared
// (and the variables it read and the defaults it was given, which decide whether that still holds).
const loadedBundles = new Map<string, Evaluation>();

interface Evaluation {
  readonly dags: Dag[];
  readonly variables: ParseTimeVariables;
  readonly authoringDefaults: AuthoringDefaults | null;
}
/** How many times each bundle was evaluated: each evaluation after the first needs a URL of its own. */
const evaluations = new Map<string, number>();

/**
 * The last bundle of each file with the files it was built from: a task process
 * loads the same DAG file for every try, and re-bundling costs ~3-5 ms a time,
 * while checking that nothing changed costs a few `stat`s.
 */
const lastBuild = new Map<string, { readonly inputs: readonly InputStamp[]; readonly code: string; readonly bundleHash: string }>();

interface InputStamp {
  readonly path: string;
  readonly mtimeMs: number;
  readonly size: number;
}

const buildKey = (absPath: string, fileloc: string) => `${absPath}\u0000${fileloc}`;

async function unchanged(inputs: readonly InputStamp[]): Promise<boolean> {
  for (const input of inputs) {
    try {
      const now = await stat(input.path);
      if (now.mtimeMs !== input.mtimeMs || now.size !== input.size) return false;
    } catch {
      return false;
    }
  }
  return true;
}

export async function loadDagFile(absPath: string, options: LoadDagFileOptions): Promise<LoadedDagFile> {
  const fileloc = options.fileloc ?? toPosix(relative(options.dagsFolder, absPath));
  const source = await readFile(absPath, 'utf8');
  const cacheKey = buildKey(absPath, fileloc);
  let built = lastBuild.get(cacheKey);
  if (!built || !(await unchanged(built.inputs))) {
    const result = await bundle(absPath, fileloc, options);
    built = { ...result, bundleHash: createHash('sha256').update(result.code).digest('hex') };
    lastBuild.set(cacheKey, built);
  }
  const { code, bundleHash } = built;

  const authoringDefaults = options.authoringDefaults ?? null;
  let declared = loadedBundles.get(bundleHash);
  if (declared !== undefined && !sameAuthoringDefaults(declared.authoringDefaults, authoringDefaults)) declared = undefined;
  if (declared !== undefined && !(await sameVariables(declared.variables, options.readVariable))) declared = undefined;
  if (declared === undefined) {
    await mkdir(options.cacheDir, { recursive: true });
    const bundlePath = join(options.cacheDir, `${bundleHash}.mjs`);
    if (!existsSync(bundlePath)) {
      // Write then rename, so a concurrent loader never imports a half-written file.
      const partial = `${bundlePath}.${process.pid}.tmp`;
      await writeFile(partial, code);
      await rename(partial, bundlePath);
    }
    declared = await evaluate(bundlePath, bundleHash, options.readVariable, authoringDefaults);
    loadedBundles.set(bundleHash, declared);
  }

  checkUniqueIds(declared.dags, fileloc);
  const dags = declared.dags.map((dag) => ({ ...dag, spec: { ...dag.spec, fileloc } }));
  return { dags, source, bundleHash, variables: declared.variables, imports: bundledImports(absPath, options) };
}

/** Imports the bundle, with `variable()` answered by `readVariable` and each read recorded, and the given defaults installed. */
async function evaluate(
  bundlePath: string,
  bundleHash: string,
  readVariable: ParseVariableSource | undefined,
  authoringDefaults: AuthoringDefaults | null,
): Promise<Evaluation> {
  const variables: Record<string, string | null> = {};
  const count = (evaluations.get(bundleHash) ?? 0) + 1;
  evaluations.set(bundleHash, count);
  const url = `${pathToFileURL(bundlePath).href}${count > 1 ? `?evaluation=${count}` : ''}`;
  takeRegisteredDags(); // drop anything a previous failed import left behind
  // One file is imported at a time per process (as the registry assumes), so one source and one set of defaults at a time.
  const previousDefaults = setAuthoringDefaults(authoringDefaults); // first: it throws on a bad value
  const previous = setParseVariableSource(async (key) => {
    const value = readVariable ? await readVariable(key) : null;
    variables[key] = value;
    return value;
  });
  let dags: Dag[];
  try {
    await import(url);
  } catch (error) {
    if (error !== null && typeof error === 'object') readsOfFailedImports.set(error, variables);
    throw error;
  } finally {
    setParseVariableSource(previous);
    setAuthoringDefaults(previousDefaults);
    dags = takeRegisteredDags();
  }
  return { dags, variables, authoringDefaults };
}

/** The variables a file read before its import failed with `error`: fixing one of them may fix the file. */
export function variablesReadBefore(error: unknown): ParseTimeVariables {
  return (error !== null && typeof error === 'object' ? readsOfFailedImports.get(error) : undefined) ?? {};
}

const readsOfFailedImports = new WeakMap<object, ParseTimeVariables>();

async function sameVariables(seen: ParseTimeVariables, readVariable: ParseVariableSource | undefined): Promise<boolean> {
  for (const [key, value] of Object.entries(seen)) {
    if (((readVariable ? await readVariable(key) : null) ?? null) !== value) return false;
  }
  return true;
}

/**
 * The local modules the file's latest bundle in this process inlined, besides the file itself; [] if it
 * was never bundled here. Known even when importing the bundle failed, so a broken helper can be watched.
 */
export function bundledImports(absPath: string, options: Pick<LoadDagFileOptions, 'dagsFolder' | 'fileloc'>): string[] {
  const inputs = lastBuild.get(buildKey(absPath, options.fileloc ?? toPosix(relative(options.dagsFolder, absPath))))?.inputs ?? [];
  return inputs.map((input) => input.path).filter((path) => path !== absPath);
}

function checkUniqueIds(dags: readonly Dag[], fileloc: string): void {
  const firstIndex = new Map<string, number>();
  dags.forEach((dag, index) => {
    const first = firstIndex.get(dag.dagId);
    if (first === undefined) {
      firstIndex.set(dag.dagId, index);
      return;
    }
    throw new DuplicateDagIdError(
      `${fileloc} declares DAG '${dag.dagId}' twice (dag() call #${first + 1} and #${index + 1}): give each DAG a unique id`,
    );
  });
}

async function bundle(absPath: string, fileloc: string, options: LoadDagFileOptions): Promise<{ code: string; inputs: InputStamp[] }> {
  try {
    const result = await build({
      entryPoints: [absPath],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'inline',
      write: false,
      // Only for source-map paths: the bundle is written next to it under its hash.
      outfile: join(options.cacheDir, 'bundle.mjs'),
      absWorkingDir: options.dagsFolder,
      logLevel: 'silent',
      metafile: true,
      plugins: [packagesExternal(options.dagsFolder), sourceLocationsPlugin()],
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error(`esbuild produced no output for ${fileloc}`);
    // Stamp the inputs after the build: an edit during the build then shows as a change next time.
    const inputs: InputStamp[] = [];
    for (const input of Object.keys(result.metafile.inputs)) {
      const path = isAbsolute(input) ? input : join(options.dagsFolder, input);
      const stamp = await stat(path).catch(() => null);
      if (stamp) inputs.push({ path, mtimeMs: stamp.mtimeMs, size: stamp.size });
    }
    return { code: output.text, inputs };
  } catch (error) {
    if (isBuildFailure(error)) throw new DagFileBundleError(fileloc, error.errors.map(formatMessage));
    throw error;
  }
}

const RESOLVING = Symbol('updraft-resolving');

/** Marks every package import external, as an absolute `file://` URL resolved the Node way. */
function packagesExternal(dagsFolder: string): Plugin {
  return {
    name: 'updraft-packages-external',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === RESOLVING || isAbsolute(args.path)) return undefined;
        const specifier = args.path;
        const own = ownEntries.get(specifier);
        if (own !== undefined) return { path: pathToFileURL(own).href, external: true };
        if (isBuiltin(specifier) || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return { path: specifier, external: true };
        for (const resolveDir of [dagsFolder, ownDir]) {
          const found = await pluginBuild.resolve(specifier, { kind: args.kind, resolveDir, pluginData: RESOLVING });
          if (found.errors.length === 0 && found.path !== '' && !found.external) {
            return { path: pathToFileURL(found.path).href, external: true };
          }
        }
        return {
          errors: [
            {
              text: `Cannot find package '${specifier}': install it in the DAGs folder (npm install ${packageName(specifier)} in ${dagsFolder})`,
            },
          ],
        };
      });
    },
  };
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}

/** `file:line:col: message` plus the offending line, as compilers print it. */
function formatMessage(message: Message): string {
  const loc = message.location;
  if (loc === null) return message.text;
  const where = `${loc.file}:${loc.line}:${loc.column + 1}`;
  const caret = loc.lineText === '' ? '' : `\n    ${loc.lineText}\n    ${' '.repeat(loc.column)}^`;
  return `${where}: ${message.text}${caret}`;
}
