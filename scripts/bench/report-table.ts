import type { BenchResults } from './bench-results.ts';
import type { TransactionShape } from './transaction-shape.ts';
import { round } from './statistics.ts';

/** The run's figures as plain-text tables on stdout (results.json has everything). */
const table = (headers: string[], rows: (string | number)[][]): string => {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => [...(row[column] ?? '')].length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
};

const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(1));

export const formatReport = (results: BenchResults): string => {
  const sections: string[] = [];
  const { meta } = results;
  sections.push(
    `Dossier benchmark (${meta.mode}) — ${meta.startedAt}, ${meta.durationSeconds} s\n` +
      `${meta.machine.cpus} × ${meta.machine.cpuModel}, ${meta.machine.memoryGb} GB, Node ${meta.machine.node}, ${meta.machine.java}; ${meta.dynamodb}`,
  );

  sections.push(
    'Per operation (capacity from ReturnConsumedCapacity as DynamoDB Local reports it; "aws W" = AWS write units, transactions estimated)\n' +
      table(
        ['operation', 'auth R', 'op R', 'op W', 'aws W', 'calls', 'http p50', 'p95', 'p99', 'direct p50', 'overhead'],
        results.capacity.map((capacity, index) => {
          const latency = results.latency[index]!;
          return [
            capacity.label,
            capacity.local.authenticationReadUnits,
            capacity.local.readUnits,
            capacity.local.writeUnits,
            capacity.aws.writeUnits,
            capacity.calls.map((call) => call.operation.replace('Item', '').replace('TransactWrite', 'TxWrite')).join(','),
            ms(latency.http.p50),
            ms(latency.http.p95),
            ms(latency.http.p99),
            ms(latency.direct?.p50),
            latency.overheadP50 === null ? '—' : `${latency.overheadP50}×`,
          ];
        }),
      ),
  );

  const profile = results.itemSizes.profileBytes;
  sections.push(`Customer profile item: median ${profile.median} bytes, largest ${profile.max} bytes (${profile.sampled} sampled)`);

  const shapes = results.transactionShapes;
  const shape = (label: string, observed: TransactionShape) =>
    `  ${label}: ${observed.items.map((s) => `${s.items} items ×${s.count}`).join(', ')}; DynamoDB Local reports ${observed.localUnits} WCU, ` +
    `AWS estimate ${observed.awsUnits} WCU (${observed.awsUnitsIfIndexWritesDoubled} if index writes were doubled too) = ` +
    Object.entries(observed.awsUnitsBy)
      .map(([target, units]) => `${target} ${units}`)
      .join(' + ');
  const metering = results.meta.transactionMetering;
  sections.push(
    `Transactions (observed in-process; AWS: 2× per item on the table, index writes at the plain rate)\n` +
      `${shape('create a customer', shapes.createCustomer)}\n${shape('record a transaction', shapes.recordTransaction)}\n` +
      `  DynamoDB Local meters a 5-item transaction of small items at ${metering.fiveItemTransactionUnits} WCU (AWS: ${metering.fiveItemTransactionAwsUnits}), a 1-item one at ${metering.oneItemTransactionUnits}`,
  );

  const kms = results.keyProvider;
  sections.push(
    `Key provider (${kms.provider}): ${kms.warm.keyProviderCalls} calls in ${kms.warm.requests} warm mixed requests = ${kms.warm.callsPerThousand} per 1,000; ` +
      `cold: sign-up ${kms.cold.signUp}, first customer ${kms.cold.firstCustomerCreated}, first reveal ${kms.cold.firstCustomerRevealed}`,
  );

  sections.push(
    'Bundles (esbuild as CDK bundles them; init = median import time in a fresh Node process, --enable-source-maps)\n' +
      table(
        ['handler', 'functions', 'KB', 'map KB', 'init ms'],
        results.bundles.map((bundle) => [
          bundle.handler.replace(/^functions\//, ''),
          bundle.functions.length,
          round(bundle.bytes / 1024, 0),
          round(bundle.sourceMapBytes / 1024, 0),
          bundle.initMs,
        ]),
      ),
  );

  sections.push(
    'Growth (one tenant; read units of the operation, authentication read excluded)\n' +
      table(
        ['customers', 'seeded/s', 'bday', 'pages', 'bday R', 'R/bday', 'bday p50', 'list R', 'list p50', 'phone R', 'phone p50', 'job R', 'job s'],
        results.growth.steps.map((step) => [
          step.customers,
          step.seeding.customersPerSecond,
          step.birthdays.matches,
          step.birthdays.pages,
          step.birthdays.readUnits,
          step.birthdays.readUnitsPerMatch ?? '—',
          ms(step.birthdays.firstPage.p50Ms),
          step.list.readUnits,
          ms(step.list.p50Ms),
          step.phone.readUnits,
          ms(step.phone.p50Ms),
          step.nightlyJob.readUnits,
          round(step.nightlyJob.ms / 1000, 1),
        ]),
      ),
  );

  sections.push(
    'Budgets (DESIGN.md)\n' +
      table(
        ['budget', 'holds', 'measured'],
        results.budgets.map((verdict) => [verdict.budget, verdict.holds === null ? 'n/a' : verdict.holds ? 'yes' : 'NO', verdict.measured]),
      ),
  );
  return sections.join('\n\n');
};
