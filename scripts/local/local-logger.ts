import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The local runtime's own log lines (gateway, stream, bus, scheduler). Separate from the
 * functions' logger, whose per-request keys would otherwise stick to these lines.
 */
export const localLogger = new Logger({ serviceName: 'dossier-local' });
