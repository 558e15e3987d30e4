import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DossierClient } from './dossier-client.ts';
import { seedCustomersOverHttp, signUpTenant } from './http-seeder.ts';
import { seedCustomersByImport } from './import-seeder.ts';
import { config } from '#shared/runtime/config';

/**
 * `npm run seed`: signs a demo business up on a running Dossier (`npm start`) and fills it with
 * customers and their history through the public API, then prints how to sign in.
 *
 *   npm run seed -- [--url http://localhost:3000] [--customers 200] [--concurrency 4] [--seed 1] [--via-import]
 *
 * With --via-import the customers arrive as one generated CSV through `POST /v1/imports` (the
 * path a business moving in from its spreadsheets takes); their history follows through the API.
 * The URL can also come from DOSSIER_URL.
 */
const usage = 'npm run seed -- [--url http://localhost:3000] [--customers 200] [--concurrency 4] [--slug demo-…] [--seed 1] [--via-import]';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    customers: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    slug: { type: 'string' },
    seed: { type: 'string' },
    'via-import': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const positive = (name: string, text: string | undefined): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a whole number (got ${text})\n${usage}`);
    process.exit(2);
  }
  return value;
};

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const url = (values.url ?? config().dossierUrl).replace(/\/$/, '');
const customers = positive('customers', values.customers);
const concurrency = Math.max(1, positive('concurrency', values.concurrency));
const seed = values.seed === undefined ? randomBytes(4).readUInt32BE() : positive('seed', values.seed);
const slug = values.slug ?? `demo-${randomBytes(3).toString('hex')}`;
const password = `demo-${randomBytes(6).toString('hex')}`;

const client = new DossierClient(url);
try {
  await client.get('/v1/health');
} catch (error) {
  console.error(`No Dossier answers at ${url} (${(error as Error).message}). Start one with \`npm start\`, or pass --url.`);
  process.exit(1);
}

try {
  const started = performance.now();
  const tenant = await signUpTenant(client, { slug, name: `演示店 Demo ${slug}`, password });
  let lastShown = 0;
  const progress = (done: number) => {
    if (done - lastShown >= 50 || done === customers) {
      lastShown = done;
      process.stderr.write(process.stderr.isTTY ? `\r  ${done}/${customers} customers` : `  ${done}/${customers} customers\n`);
    }
  };
  const run = { seed, from: 0, to: customers, concurrency, withHistory: true, now: new Date() };
  let seeded;
  if (values['via-import']) {
    const imported = await seedCustomersByImport(client, { ...run, onProgress: progress });
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(`Imported ${imported.outcome.created} customers in ${imported.outcome.seconds.toFixed(1)} s (import ${imported.outcome.importId}, ${imported.outcome.failed} failed).`);
    seeded = imported.customers;
  } else {
    seeded = await seedCustomersOverHttp(client, { ...run, onProgress: progress });
  }
  if (customers > 0 && process.stderr.isTTY) process.stderr.write('\n');
  const purchases = seeded.reduce((total, customer) => total + customer.transactions, 0);
  console.log(`Seeded ${seeded.length} customers with ${purchases} purchases in ${((performance.now() - started) / 1000).toFixed(1)} s (seed ${seed}).`);
  console.log('');
  console.log(`  url       ${url}`);
  console.log(`  slug      ${tenant.slug}`);
  console.log(`  email     ${tenant.email}`);
  console.log(`  password  ${tenant.password}`);
  console.log(`  token     ${tenant.token}`);
  console.log('');
  console.log(`Try: curl -H "Authorization: Bearer $TOKEN" '${url}/v1/customers?limit=5'`);
} catch (error) {
  console.error(`Seeding failed: ${(error as Error).message}`);
  process.exit(1);
}
