/**
 * A plain HTTP client for a running Dossier (`npm start`), used by the seed command and the
 * benchmark: JSON in and out, the bearer token, the status, the time the answer took, and the
 * capacity header the runtime adds when DOSSIER_RECORD_CAPACITY=1.
 */
export interface DossierAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  /** Milliseconds from sending the request to having read the whole answer. */
  elapsedMs: number;
}

export class DossierRequestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly answer: DossierAnswer,
  ) {
    super(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
    this.name = 'DossierRequestError';
  }
}

export class DossierClient {
  constructor(
    readonly baseUrl: string,
    public token?: string,
  ) {}

  async call<T = unknown>(method: string, path: string, body?: unknown, file?: { bytes: Buffer; contentType: string }): Promise<DossierAnswer<T>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (file) headers['content-type'] = file.contentType;
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : file ? { body: file.bytes } : {}),
    });
    const text = await response.text();
    const elapsedMs = performance.now() - started;
    const parsed: unknown = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    return { status: response.status, body: parsed as T, headers: response.headers, elapsedMs };
  }

  /** Like `call`, but anything other than `expected` is an error that names the route and the answer. */
  async expect<T = unknown>(expected: number, method: string, path: string, body?: unknown): Promise<DossierAnswer<T>> {
    const answer = await this.call<T>(method, path, body);
    if (answer.status !== expected) throw new DossierRequestError(method, path, answer);
    return answer;
  }

  get = <T = unknown>(path: string) => this.expect<T>(200, 'GET', path);

  /** Sends a file as the body (an import): anything but 202 is an error naming the answer. */
  async upload<T = unknown>(path: string, file: { bytes: Buffer; contentType: string }): Promise<DossierAnswer<T>> {
    const answer = await this.call<T>('POST', path, undefined, file);
    if (answer.status !== 202) throw new DossierRequestError('POST', path, answer);
    return answer;
  }
  post = <T = unknown>(path: string, body: unknown, expected = 201) => this.expect<T>(expected, 'POST', path, body);
}
