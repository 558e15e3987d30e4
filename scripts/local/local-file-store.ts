import { createHmac } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { sameBytes } from '#shared/crypto/digests';
import { serviceKey } from '#shared/crypto/service-secret';
import { DossierError } from '#shared/domain/errors';
import type { FileStore, StoredFile } from '#shared/data/file-store';
import { problemResponse } from '#shared/http/problem';

/**
 * The local stand-in for the S3 bucket of exports: files under `<dataDir>/files` (or in memory
 * with DOSSIER_IN_MEMORY=1), fetched through `GET /_local/files/<key>?expires=&signature=` links
 * signed with the service secret, which expire like pre-signed URLs do.
 */
export class LocalFileStore implements FileStore {
  private readonly memory = new Map<string, { bytes: Buffer; file: StoredFile }>();

  constructor(
    private readonly directory: string | undefined,
    private readonly baseUrl: () => string,
  ) {}

  private pathOf(key: string): string {
    const resolved = path.resolve(this.directory ?? '.', key);
    if (!this.directory || !resolved.startsWith(path.resolve(this.directory) + path.sep)) throw new DossierError('not-found');
    return resolved;
  }

  async put(key: string, bytes: Buffer, file: StoredFile): Promise<void> {
    if (!this.directory) {
      this.memory.set(key, { bytes, file });
      return;
    }
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, bytes, { mode: 0o600 });
    await writeFile(`${target}.json`, JSON.stringify(file), { mode: 0o600 });
  }

  async linkTo(key: string, file: StoredFile & { expiresInSeconds: number }): Promise<string> {
    const expires = Math.floor(Date.now() / 1000) + file.expiresInSeconds;
    const signature = await signatureOf(key, expires);
    return `${this.baseUrl()}/_local/files/${key.split('/').map(encodeURIComponent).join('/')}?expires=${expires}&signature=${signature}`;
  }

  private async read(key: string): Promise<{ bytes: Buffer; file: StoredFile } | undefined> {
    if (!this.directory) return this.memory.get(key);
    try {
      const target = this.pathOf(key);
      return { bytes: await readFile(target), file: JSON.parse(await readFile(`${target}.json`, 'utf8')) as StoredFile };
    } catch {
      return undefined;
    }
  }

  /** `GET /_local/files/<key>`: the file, if the link's signature holds and it has not expired. */
  async serve(url: URL): Promise<APIGatewayProxyResult> {
    const key = url.pathname.slice('/_local/files/'.length).split('/').map(decodeURIComponent).join('/');
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('signature') ?? '';
    const valid = Number.isInteger(expires) && expires * 1000 > Date.now() && sameBytes(Buffer.from(signature, 'base64url'), Buffer.from(await signatureOf(key, expires), 'base64url'));
    const found = valid ? await this.read(key) : undefined;
    if (!found) return problemResponse(new DossierError(valid ? 'not-found' : 'forbidden', { detail: valid ? 'No such file' : 'The link is not valid or has expired' }));
    return {
      statusCode: 200,
      headers: { 'content-type': found.file.contentType, 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(found.file.fileName)}`, 'cache-control': 'no-store' },
      body: found.bytes.toString('base64'),
      isBase64Encoded: true,
    };
  }
}

const signatureOf = async (key: string, expires: number): Promise<string> =>
  createHmac('sha256', await serviceKey('file-link')).update(`${key}\n${expires}`).digest('base64url');
