/** A file as an answer (a CSV, a workbook), sent as its bytes with a download name. */
export interface FileAnswer {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

/**
 * What a handler returns; the route factory serializes it. The status and the body's type are part
 * of the type, so a route whose spec says `response: { 201: CustomerSchema }` can only return
 * `created(aCustomerView)`: another status or another shape does not compile.
 */
export interface ApiResponse<S extends number = number, B = unknown> {
  status: S;
  body?: B;
  headers?: Record<string, string>;
  /** A body that is not JSON (the reference page and its assets), sent as it is with this type. */
  contentType?: string;
}

const withVersion = (version: number | undefined): Record<string, string> =>
  version === undefined ? {} : { etag: `"${version}"` };

export const ok = <B>(body: B, options: { version?: number } = {}): ApiResponse<200, B> => ({
  status: 200,
  body,
  headers: withVersion(options.version),
});

export const created = <B>(body: B, options: { version?: number; location?: string } = {}): ApiResponse<201, B> => ({
  status: 201,
  body,
  headers: { ...withVersion(options.version), ...(options.location ? { location: options.location } : {}) },
});

export const noContent = (): ApiResponse<204, undefined> => ({ status: 204 });

/** A text answer of another media type (HTML, JavaScript, CSS), with its own caching. */
export const content = (body: string, contentType: string, headers: Record<string, string> = {}): ApiResponse<200, string> => ({
  status: 200,
  body,
  contentType,
  headers,
});

/** The work is accepted and goes on after the answer (re-queued deliveries). */
export const accepted = <B>(body: B, options: { version?: number } = {}): ApiResponse<202, B> => ({ status: 202, body, headers: withVersion(options.version) });

/** A file to download (`content-disposition: attachment`), for a route whose answer is a `fileDownload`. */
export const fileAnswer = (file: FileAnswer): ApiResponse<200, FileAnswer> => ({ status: 200, body: file });
