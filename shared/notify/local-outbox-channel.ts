import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MessageChannel, OutgoingMessage } from './message-channel.ts';

export interface OutboxFile {
  id: string;
  channel: string;
  to: string;
  subject?: string | undefined;
  text: string;
  tenantId: string;
  writtenAt: string;
}

/**
 * The local stand-in for SES and SNS: each message is one JSON file (to, channel, subject, text)
 * in `<data dir>/outbox/`, so a person can see what would have gone out; with nothing on disk
 * (DOSSIER_IN_MEMORY=1) they are kept in memory. `GET /_local/outbox` lists both.
 */
export class LocalOutboxChannel implements MessageChannel {
  private readonly kept: OutboxFile[] = [];

  constructor(private readonly directory: string | undefined) {}

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    const file: OutboxFile = { id: message.id, channel: message.channel, to: message.to, subject: message.subject, text: message.text, tenantId: message.tenantId, writtenAt: new Date().toISOString() };
    if (!this.directory) {
      this.kept.push(file);
      return { providerId: `memory:${message.id}` };
    }
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const name = `${file.writtenAt.replace(/[:.]/g, '-')}-${message.channel}-${message.id}.json`;
    // 0600: the file holds a real phone number or email address.
    await writeFile(path.join(this.directory, name), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    return { providerId: `file:${name}` };
  }

  async list(): Promise<OutboxFile[]> {
    if (!this.directory) return [...this.kept];
    const names = await readdir(this.directory).catch(() => [] as string[]);
    const files = await Promise.all(names.filter((name) => name.endsWith('.json')).sort().map(async (name) => JSON.parse(await readFile(path.join(this.directory!, name), 'utf8')) as OutboxFile));
    return files;
  }
}
