import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { DossierError } from '#shared/domain/errors';
import { config } from '#shared/runtime/config';

/**
 * Where files people download are kept (exports): an S3 bucket in AWS, whose objects are fetched
 * through short-lived pre-signed links, never through a Lambda answer (those stop at 6 MB); the
 * local runtime registers a store of its own, served under `/_local/files`.
 */
export interface StoredFile {
  contentType: string;
  /** The name a browser saves the download as. */
  fileName: string;
}

export interface FileStore {
  put(key: string, bytes: Buffer, file: StoredFile): Promise<void>;
  /** A link anyone holding it may download the file with, until it expires. */
  linkTo(key: string, file: StoredFile & { expiresInSeconds: number }): Promise<string>;
}

const attachment = (fileName: string) => `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export class S3FileStore implements FileStore {
  constructor(
    private readonly bucket: string,
    private readonly client: S3Client = new S3Client({}),
  ) {}

  async put(key: string, bytes: Buffer, file: StoredFile): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: file.contentType, ContentDisposition: attachment(file.fileName) }),
    );
  }

  linkTo(key: string, file: StoredFile & { expiresInSeconds: number }): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: file.contentType, ResponseContentDisposition: attachment(file.fileName) }),
      { expiresIn: file.expiresInSeconds },
    );
  }
}

let registered: FileStore | undefined;

/** The local runtime installs its store before it serves anything. */
export const registerFileStore = (store: FileStore | undefined): void => {
  registered = store;
};

export const fileStore = (): FileStore => {
  if (registered) return registered;
  const bucket = config().filesBucket;
  if (!bucket) throw new DossierError('internal', { detail: 'No file store: set DOSSIER_FILES_BUCKET or register a local store' });
  registered = new S3FileStore(bucket);
  return registered;
};
