import { buildConsoleIfStale } from '#scripts/web/console-build';
import { JavaMissingError } from './dynamodb-local.ts';
import { startLocalRuntime } from './local-runtime.ts';

/** `npm start`: the whole Dossier stack on this machine (API.md, "Local runtime contract"), the console at `/`. */
try {
  await buildConsoleIfStale((message) => console.log(message));
  const runtime = await startLocalRuntime();
  console.log(`Dossier listening on ${runtime.url}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Dossier stopping (${signal})`);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof JavaMissingError) {
    console.error(error.message);
  } else {
    console.error('Dossier could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
