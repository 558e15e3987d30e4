/** A file as an answer (a CSV, a workbook), sent as its bytes with a download name. */
export interface FileAnswer {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

/** What a handler returns; the route factory serializes it (JSON, or the file's bytes). */
export interface ApiResponse {
  status: number;
  body?: unknown;
  file?: FileAnswer;
  headers?: Record<string, string>;
}

const withVersion = (version: number | undefined): Record<string, string> =>
  version === undefined ? {} : { etag: `"${version}"` };

export const ok = (body: unknown, options: { version?: number } = {}): ApiResponse => ({
  status: 200,
  body,
  headers: withVersion(options.version),
});

export const created = (body: unknown, options: { version?: number; location?: string } = {}): ApiResponse => ({
  status: 201,
  body,
  headers: { ...withVersion(options.version), ...(options.location ? { location: options.location } : {}) },
});

export const noContent = (): ApiResponse => ({ status: 204 });

/** The work is accepted and goes on after the answer (re-queued deliveries). */
export const accepted = (body: unknown): ApiResponse => ({ status: 202, body });

/** A file to download (`content-disposition: attachment`). */
export const fileAnswer = (file: FileAnswer): ApiResponse => ({ status: 200, file });
