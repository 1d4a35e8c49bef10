// A user's browser app, bundled from the built packages by esbuild and by Vite as an application
// would: each bundler resolves the published package.json (exports with the `browser` condition,
// the `browser` field, `sideEffects`) and dist, so what runs in the page is what a user gets.
// Packages resolve as from packages/cli, whose node_modules link every workspace package.
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The bundlers a user's browser app is built with. */
export const bundlers = ['esbuild', 'vite'] as const;
export type Bundler = (typeof bundlers)[number];

/** A built app: its files by URL path, the entry to load as a module script, what the bundler warned. */
export interface Bundle {
  entry: string;
  files: Map<string, string>;
  warnings: string[];
}

/**
 * Bundles `source` (JavaScript: bare imports of the packages, absolute paths for files of e2e/)
 * for the browser. A build error rejects; warnings are returned (Vite, for one, only warns when it
 * replaces a Node built-in with an empty module, which then fails at run time).
 */
export function bundle(bundler: Bundler, source: string): Promise<Bundle> {
  return bundler === 'esbuild' ? withEsbuild(source) : withVite(source);
}

async function withEsbuild(source: string): Promise<Bundle> {
  const result = await esbuild({
    stdin: { contents: source, resolveDir: `${root}e2e`, sourcefile: 'app.js', loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    nodePaths: [`${root}packages/cli/node_modules`],
    // Not e2e/tsconfig.json: its `paths` (for the type check) point at the sources, not the builds.
    tsconfigRaw: {},
    logLevel: 'silent',
  });
  return {
    entry: '/app.js',
    files: new Map([['/app.js', result.outputFiles[0]?.text ?? '']]),
    // Not esbuild's note on the `import './chunk-….js'` lines tsup writes in a split build: those
    // chunks have no side effects (sideEffects), so dropping the bare import changes nothing.
    warnings: result.warnings.filter((warning) => warning.id !== 'ignored-bare-import').map((warning) => warning.text),
  };
}

const entryId = 'jobwire-e2e-app';
const resolvedEntryId = `\0${entryId}.js`;

async function withVite(source: string): Promise<Bundle> {
  const warnings: string[] = [];
  const result = await vite({
    configFile: false,
    // Bare imports of a module with no file resolve from the root: packages/cli, as for esbuild.
    root: `${root}packages/cli`,
    cacheDir: `${root}.tmp/vite-e2e`,
    publicDir: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'jobwire-e2e-app',
        resolveId: (id) => (id === entryId ? resolvedEntryId : null),
        load: (id) => (id === resolvedEntryId ? source : null),
      },
    ],
    build: {
      write: false,
      rolldownOptions: { input: entryId, onwarn: (warning) => warnings.push(warning.message) },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  const files = new Map<string, string>();
  let entry: string | undefined;
  for (const output of outputs) {
    if (output.type !== 'chunk') continue;
    files.set(`/${output.fileName}`, output.code);
    if (output.isEntry) entry = `/${output.fileName}`;
  }
  if (!entry) throw new Error('vite wrote no entry chunk');
  return { entry, files, warnings };
}
