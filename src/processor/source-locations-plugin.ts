/**
 * An esbuild plugin: `import.meta.url`, `import.meta.dirname` and
 * `import.meta.filename` in a DAG file (or a helper module it imports) keep
 * meaning that source file, as in any ES module, and not the bundle written to
 * the cache. A DAG can then find what ships beside it:
 *
 *   const schema = new URL('./sql/schema.sql', import.meta.url);
 *
 * The values are substituted at bundle time (esbuild's `define`, so text in
 * strings and comments is left alone); a file that never mentions
 * `import.meta` is loaded by esbuild as usual.
 */
import { transform, type Loader, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, extname, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const LOADERS: Readonly<Record<string, Loader>> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx' };

export function sourceLocationsPlugin(): Plugin {
  return {
    name: 'updraft-source-locations',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        if (args.namespace !== 'file' || args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta')) return undefined;
        const loader = LOADERS[extname(args.path)] ?? 'js';
        const result = await transform(text, {
          loader,
          format: 'esm',
          sourcefile: args.path,
          sourcemap: 'inline',
          define: {
            'import.meta.url': JSON.stringify(pathToFileURL(args.path).href),
            'import.meta.filename': JSON.stringify(args.path),
            'import.meta.dirname': JSON.stringify(dirname(args.path)),
          },
        });
        return { contents: result.code, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}
