import { DossierError } from '#shared/domain/errors';
import type { ApiMiddleware, ApiRequest, UploadSpec } from '../api-context.ts';

export interface ReadBodyOptions {
  /** Does the route take a JSON body at all? Bodies sent to routes that take none are ignored. */
  expectsJson: boolean;
  /** A route that takes a file (CSV, a workbook) as its body, kept as bytes: the types it accepts. */
  upload: UploadSpec | undefined;
  maxBytes: number;
}

const defaults: ReadBodyOptions = { expectsJson: false, upload: undefined, maxBytes: 1024 * 1024 };

const mediaTypeOf = (contentType: string | undefined): string | undefined => contentType?.split(';')[0]?.trim().toLowerCase();

const isJsonType = (contentType: string | undefined): boolean => {
  const type = mediaTypeOf(contentType);
  return type === 'application/json' || (type !== undefined && /^application\/[a-z0-9.+-]+\+json$/.test(type));
};

/**
 * Size limit (413), content type (415) and parsing, before any other work: a JSON body is parsed
 * (400 `malformed-json`); a route that declares `upload` gets the bytes as sent, whatever their
 * encoding (API Gateway hands binary media types over as base64), for its service to decode.
 */
export const readBody = (options: Partial<ReadBodyOptions> = {}): ApiMiddleware => {
  const { expectsJson, upload, maxBytes } = { ...defaults, ...options };
  const readBodyBefore = (request: ApiRequest): void => {
    const state = request.context.state;
    // A GET's body means nothing (RFC 9110): it is not read, so it can't be refused either.
    if (!expectsJson && request.event.httpMethod === 'GET') return;
    const { body, isBase64Encoded } = request.event;
    const bytes = body == null ? Buffer.alloc(0) : Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
    if (bytes.length > maxBytes) {
      throw new DossierError('payload-too-large', { detail: `The body must be at most ${maxBytes} bytes` });
    }
    if (upload) {
      // Its media type is checked with the rest of the input, once the caller is known (validate-input.ts).
      state.upload = { contentType: mediaTypeOf(state.headers['content-type']) ?? '', bytes };
      // What an Idempotency-Key's fingerprint covers: the bytes, whatever their encoding.
      state.rawBody = bytes.toString('base64');
      return;
    }
    const raw = bytes.toString('utf8');
    state.rawBody = raw;
    if (!expectsJson) return;
    if (raw.trim() === '') {
      throw new DossierError('malformed-json', { detail: 'This request needs a JSON body' });
    }
    if (!isJsonType(state.headers['content-type'])) {
      throw new DossierError('unsupported-media-type', { detail: 'Send the body as application/json' });
    }
    try {
      state.json = JSON.parse(raw);
    } catch {
      throw new DossierError('malformed-json');
    }
  };
  return { before: readBodyBefore };
};
