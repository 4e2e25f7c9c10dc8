// Entry point ctest uses for every interop test: `node run.mjs <script.mjs> <args...>`.
// Exits 77 (ctest's SKIP_RETURN_CODE) with an explanation when the npm packages are not installed,
// instead of failing on the first import; otherwise runs the script with <args...> as its own.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const needed = ['@polkadot/api', 'polkadot-api', 'ws', '@polkadot/keyring', '@polkadot/types', '@polkadot/util-crypto', '@polkadot/wasm-crypto'];
const missing = needed.filter((p) => !existsSync(join(here, 'node_modules', p, 'package.json')));
if (missing.length > 0) {
  console.log(
    `SKIPPED: ${missing.join(', ')} not installed in ${join(here, 'node_modules')}.\n` +
      `Run scripts/setup (it runs \`npm ci\` in tests/interop) and rerun the interop tests.`,
  );
  process.exit(77);
}

const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
