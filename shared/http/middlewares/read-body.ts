import { DossierError } from '#shared/domain/errors';
import type { ApiMiddleware, ApiRequest } from '../api-context.ts';

export interface ReadBodyOptions {
  /** Does the route take a JSON body at all? Bodies sent to routes that take none are ignored. */
  expectsJson: boolean;
  maxBytes: number;
}

const defaults: ReadBodyOptions = { expectsJson: false, maxBytes: 1024 * 1024 };

const isJsonType = (contentType: string | undefined): boolean => {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' || (type !== undefined && /^application\/[a-z0-9.+-]+\+json$/.test(type));
};

/** Size limit (413), content type (415) and JSON parsing (400 `malformed-json`), before auth-free work. */
export const readBody = (options: Partial<ReadBodyOptions> = {}): ApiMiddleware => {
  const { expectsJson, maxBytes } = { ...defaults, ...options };
  const readBodyBefore = (request: ApiRequest): void => {
    const state = request.context.state;
    // A GET's body means nothing (RFC 9110): it is not read, so it can't be refused either.
    if (!expectsJson && request.event.httpMethod === 'GET') return;
    const { body, isBase64Encoded } = request.event;
    const raw = body == null ? '' : isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
    if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
      throw new DossierError('payload-too-large', { detail: `The body must be at most ${maxBytes} bytes` });
    }
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
