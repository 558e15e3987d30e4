import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';

/**
 * A JSON value as a string a generated module can embed: minified, Brotli-compressed at its best
 * quality and base64-encoded. Brotli's output depends only on its input, its parameters and its
 * version, so regenerating an unchanged value rewrites nothing.
 */
export const compressJson = (value: unknown): string =>
  brotliCompressSync(JSON.stringify(value), {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY, [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT },
  }).toString('base64');

/** The value `compressJson` encoded. */
export const decompressJson = (encoded: string): unknown => JSON.parse(brotliDecompressSync(Buffer.from(encoded, 'base64')).toString('utf8'));
