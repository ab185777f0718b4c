// Writes NAME.br and NAME.gz beside each text or WebAssembly file of the built web app, at
// the strongest settings, so that the server sends them as they are instead of compressing
// on every request. Usage: node scripts/precompress.mjs frontend/dist
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2];
const compressible = new Set(['.wasm', '.js', '.css', '.html', '.svg', '.json']);
for (const name of readdirSync(dir)) {
  if (!compressible.has(extname(name))) continue;
  const body = readFileSync(join(dir, name));
  const brotli = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  writeFileSync(join(dir, `${name}.br`), brotli);
  const gzip = gzipSync(body, { level: 9 });
  writeFileSync(join(dir, `${name}.gz`), gzip);
  console.log(`${name}: ${body.length} B, brotli ${brotli.length} B, gzip ${gzip.length} B`);
}
