import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';

/**
 * A JSON value as Brotli bytes, and back: the outbox item's document (quality 5, a fortieth of a
 * millisecond) and the OpenAPI document embedded in the platform bundle (the best quality, made
 * once by `npm run openapi`). Brotli's output depends only on its input, its parameters and its
 * version, so regenerating an unchanged value rewrites nothing.
 */
export const compressJson = (value: unknown, quality: number = zlibConstants.BROTLI_MAX_QUALITY): Buffer =>
  brotliCompressSync(JSON.stringify(value), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality, [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT } });

/** The value `compressJson` made. */
export const decompressJson = (bytes: Uint8Array): unknown => JSON.parse(brotliDecompressSync(bytes).toString('utf8'));
