import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger (Powertools): JSON lines with the request id and tenant id appended per request.
 * Nothing logs request bodies, tokens, passwords or personal values; errors are logged by name,
 * message and stack only.
 */
export const logger = new Logger({ serviceName: 'dossier' });
