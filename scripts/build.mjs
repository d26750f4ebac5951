// Bundles the CLI into dist/ with esbuild. Code splitting keeps the ink UI and each AWS SDK client
// in chunks of their own, loaded by dynamic import only on the paths that need them, so
// `lambda-insight --version` and a piped report start fast.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';

await rm('dist', { recursive: true, force: true });
await build({
  // The worker threads that read large log files in blocks (src/sources/text-blocks.ts) run
  // text-worker.js, which that module finds beside the chunks directory.
  entryPoints: { cli: 'src/cli/bin.ts', 'text-worker': 'src/sources/text-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Prefer packages' ESM builds: the AWS SDK's CommonJS build would come back from a dynamic import
  // wrapped in a default export.
  mainFields: ['module', 'main'],
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // ink optionally talks to React devtools; nobody needs it in a CLI.
  external: ['react-devtools-core'],
  banner: {
    // Some bundled CommonJS dependencies call require(); give them one.
    js: "import { createRequire as __li_createRequire } from 'node:module'; const require = __li_createRequire(import.meta.url);",
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  legalComments: 'none',
});
await chmod('dist/cli.js', 0o755);
