import { App } from 'aws-cdk-lib';
import { deployTarget } from '#shared/runtime/config';
import { buildConsoleIfStale, consoleDist } from '#scripts/web/console-build';
import { addDossierStack } from '../dossier-app.ts';

// The console is deployed from its build: made here when missing or older than its sources
// (offline, a few seconds), so `cdk synth` works on a fresh clone.
await buildConsoleIfStale((message) => console.error(message));

// `cdk synth -c stage=prod`; account and region come from the deploying credentials (env-agnostic
// synth needs none).
const app = new App();
const stage = String(app.node.tryGetContext('stage') ?? 'dev');
const emailFrom = app.node.tryGetContext('emailFrom') as string | undefined;
const waf = String(app.node.tryGetContext('waf') ?? 'false') === 'true';
const signUpsPerDay = app.node.tryGetContext('signUpsPerDay') as string | undefined;
const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
// After a restore (docs/deploy.md): the restored table and its stream, which the stack then uses.
const restoredTable = app.node.tryGetContext('restoredTable') as string | undefined;
const restoredStreamArn = app.node.tryGetContext('restoredStreamArn') as string | undefined;
if (Boolean(restoredTable) !== Boolean(restoredStreamArn)) throw new Error('-c restoredTable and -c restoredStreamArn go together: the functions read the restored table and its stream');
addDossierStack(app, {
  stage,
  env: deployTarget(),
  waf,
  consoleAssets: consoleDist,
  ...(emailFrom ? { emailFrom } : {}),
  ...(signUpsPerDay ? { signUpsPerDay: Number(signUpsPerDay) } : {}),
  ...(alarmEmail ? { alarmEmail } : {}),
  ...(restoredTable && restoredStreamArn ? { restoredTable: { tableName: restoredTable, streamArn: restoredStreamArn } } : {}),
});
app.synth();
