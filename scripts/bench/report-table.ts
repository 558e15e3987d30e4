import type { BenchResults } from './bench-results.ts';
import { round } from './statistics.ts';
import type { TransactionShape } from './transaction-shape.ts';

/**
 * The run's figures as tables: plain text for the terminal, Markdown for bench/results.md (what
 * docs/benchmarks.md copies its figures from). results.json has everything.
 */
type Block = { title: string; headers: string[]; rows: (string | number)[][] } | { title: string; lines: string[] };

const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(1));

const shapeLine = (label: string, observed: TransactionShape) =>
  `${label}: ${observed.items.map((s) => `${s.items} items ×${s.count}`).join(', ')}; DynamoDB Local reports ${observed.localUnits} WCU; ` +
  `AWS estimate ${observed.awsUnits} WCU (${observed.awsUnitsIfIndexWritesDoubled} if index writes were doubled too) = ` +
  Object.entries(observed.awsUnitsBy)
    .map(([target, units]) => `${target} ${units}`)
    .join(' + ') +
  `; items (bytes, median/largest): ${observed.itemBytes.map((size) => `${size.item} ${size.median}/${size.max}`).join(', ')}`;

const blocksOf = (results: BenchResults): Block[] => {
  const { meta, keyProvider: kms, transactionShapes: shapes } = results;
  const metering = meta.transactionMetering;
  const profile = results.itemSizes.profileBytes;
  const seeding = results.seeding.operationsTenant;
  return [
    {
      title: `Dossier benchmark (${meta.mode}), ${meta.startedAt}, ${meta.durationSeconds} s`,
      lines: [`${meta.machine.cpus} × ${meta.machine.cpuModel}, ${meta.machine.memoryGb} GB, Node ${meta.machine.node}, ${meta.machine.java}; ${meta.dynamodb}`],
    },
    {
      title: 'Per operation: read/write units as DynamoDB Local reports them ("aws W": AWS write units, transactions estimated); latency in ms',
      headers: ['operation', 'auth R', 'op R', 'op W', 'aws W', 'calls', 'http p50', 'p95', 'p99', 'direct p50', 'overhead'],
      rows: results.capacity.map((capacity, index) => {
        const latency = results.latency[index]!;
        return [
          capacity.label,
          capacity.local.authenticationReadUnits,
          capacity.local.readUnits,
          capacity.local.writeUnits,
          capacity.aws.writeUnits,
          capacity.calls.map((call) => call.operation.replace('TransactWriteItems', 'TxWrite').replace('Item', '')).join(' '),
          ms(latency.http.p50),
          ms(latency.http.p95),
          ms(latency.http.p99),
          ms(latency.direct?.p50),
          latency.overheadP50 === null ? '—' : `${latency.overheadP50}×`,
        ];
      }),
    },
    {
      title: 'Items and transactions',
      lines: [
        `Customer profile item: median ${profile.median} bytes, largest ${profile.max} bytes (${profile.sampled} sampled).`,
        `Operations tenant seeded over HTTP: ${seeding.customers} customers, ${seeding.purchases} purchases, ${seeding.requests} requests in ${seeding.seconds} s ` +
          `(${seeding.requestsPerSecond} requests/s at concurrency ${seeding.concurrency}).`,
        shapeLine('Create a customer', shapes.createCustomer),
        shapeLine("Record a transaction (the operations tenant's customers)", shapes.recordTransaction),
        shapeLine("A new customer's first purchase (its stage moves: the card is written again in every listing)", shapes.firstPurchase),
        `DynamoDB Local meters a 1-item TransactWriteItems at ${metering.oneItemTransactionUnits} WCU and a 5-item one of small items at ${metering.fiveItemTransactionUnits} WCU (AWS: ${metering.fiveItemTransactionAwsUnits}).`,
      ],
    },
    {
      title: `Key provider (${kms.provider})`,
      lines: [
        `Warm: ${kms.warm.keyProviderCalls} calls in ${kms.warm.requests} mixed requests = ${kms.warm.callsPerThousand} per 1,000.`,
        `Cold: sign-up ${kms.cold.signUp} calls, the tenant's first customer ${kms.cold.firstCustomerCreated}, its first reveal ${kms.cold.firstCustomerRevealed}.`,
      ],
    },
    {
      title: 'Bundles: esbuild as CDK bundles them; init = median import time in a fresh Node process with --enable-source-maps',
      headers: ['handler', 'functions', 'KB', 'map KB', 'init ms'],
      rows: results.bundles.map((bundle) => [
        bundle.handler.replace(/^functions\//, ''),
        bundle.functions.length,
        round(bundle.bytes / 1024, 0),
        round(bundle.sourceMapBytes / 1024, 0),
        bundle.initMs,
      ]),
    },
    {
      title: 'Console (web/dist): what a browser loads first, gzipped at level 9',
      lines: [
        `First load: ${round(results.console.firstLoad.javascriptGzipBytes / 1024, 0)} KB of JavaScript (${round(results.console.firstLoad.javascriptBytes / 1024, 0)} KB before gzip) and ${round(results.console.firstLoad.cssGzipBytes / 1024, 1)} KB of CSS, in ${results.console.firstLoad.files.join(', ')}.`,
        `Every screen opened: ${round(results.console.allJavascriptGzipBytes / 1024, 0)} KB of JavaScript in all; the largest screen chunk is ${results.console.largestLazyChunk.file} (${round(results.console.largestLazyChunk.gzipBytes / 1024, 0)} KB).`,
      ],
    },
    {
      title: "Growth: one tenant; the operation's read units (authentication read excluded); ms are p50",
      headers: ['customers', 'seeded/s', 'birthdays', 'pages', 'bday R', 'R/birthday', 'bday 1st page', 'list R', 'list', 'phone R', 'phone', 'job customers', 'job R', 'job s', 'job chunks', 'longest chunk s'],
      rows: results.growth.steps.map((step) => [
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
        step.nightlyJob.customers,
        step.nightlyJob.readUnits,
        round(step.nightlyJob.ms / 1000, 1),
        step.nightlyJob.chunks,
        round(step.nightlyJob.longestChunkMs / 1000, 1),
      ]),
    },
    {
      title: "Reports and background exports by tenant size: the operation's read units (authentication read excluded); ms are p50",
      headers: ['customers', 'summary R', 'summary', 'pivot R', 'pivot', 'roll-up lag s', 'export rows/s', 'export s'],
      rows: results.growth.steps.map((step) => [
        step.customers,
        step.summary.readUnits,
        ms(step.summary.p50Ms),
        step.pivot.readUnits,
        ms(step.pivot.p50Ms),
        step.rollUpSeconds,
        step.backgroundExport.rowsPerSecond,
        step.backgroundExport.seconds,
      ]),
    },
    {
      title: 'Import and export: one generated CSV, as a client sees it (request to completed)',
      headers: ['operation', 'rows', 's', 'rows/s'],
      rows: [
        ['import (create)', results.archive.import.rows, results.archive.import.seconds, results.archive.import.rowsPerSecond],
        ['the same file again (upsert, nothing changes)', results.archive.reimportUpsert.rows, results.archive.reimportUpsert.seconds, results.archive.reimportUpsert.rowsPerSecond],
        [`export CSV in one answer (${round(results.archive.exportCsv.bytes / 1024, 0)} KB)`, results.archive.exportCsv.rows, results.archive.exportCsv.seconds, results.archive.exportCsv.rowsPerSecond],
        [`export .xlsx in one answer (${round(results.archive.exportXlsx.bytes / 1024, 0)} KB)`, results.archive.exportXlsx.rows, results.archive.exportXlsx.seconds, results.archive.exportXlsx.rowsPerSecond],
      ],
    },
    {
      title: "Birthday job: one tenant's unit at its send hour (09:00 Shanghai) on today's month-day; DynamoDB Local units, writes under-counted",
      headers: ['customers', 'born that day', 'coupons issued', 'R', 'R/birthday', 'W', 'calls', 's'],
      rows: results.growth.steps.map((step) => [
        step.birthdayJob.customers,
        step.birthdayJob.born,
        step.birthdayJob.issued,
        step.birthdayJob.readUnits,
        step.birthdayJob.readUnitsPerBirthday ?? '—',
        step.birthdayJob.writeUnits,
        step.birthdayJob.calls,
        round(step.birthdayJob.ms / 1000, 1),
      ]),
    },
    {
      title: "Birthday job: the hour's look-up of the tenants due",
      lines: [
        `${results.birthdaySlots.tenants} tenants with the offer on, in ${results.birthdaySlots.slots} (time zone, send hour) slots; ${results.birthdaySlots.dueTenants} due at the instant.`,
        `Look-up: ${results.birthdaySlots.readUnits} R in ${results.birthdaySlots.calls} calls, ${ms(results.birthdaySlots.ms)} ms; reading every tenant instead would be ${results.birthdaySlots.everyTenantReadUnits} R.`,
      ],
    },
    {
      title: 'Webhooks: a burst of customer creations, each event delivered from the local runtime to a loopback receiver',
      lines: [
        `${results.webhooks.events} events delivered, ${results.webhooks.deliveriesPerSecond} per second over the burst (writes included).`,
        `Write to delivery: p50 ${ms(results.webhooks.writeToDeliveryMs.p50)}, p99 ${ms(results.webhooks.writeToDeliveryMs.p99)}, max ${ms(results.webhooks.writeToDeliveryMs.max)}.`,
        `One event to one endpoint, the consumer's own calls (DynamoDB Local units): ${results.webhooks.perDeliveredEvent.readUnits} R, ${results.webhooks.perDeliveredEvent.writeUnits} W in ${results.webhooks.perDeliveredEvent.calls.join(', ')}; AWS bills its ${results.webhooks.perDeliveredEvent.transactions} transaction(s) of 2 items at 2× per item.`,
      ],
    },
    {
      title: 'Budgets (DESIGN.md)',
      headers: ['budget', 'holds', 'measured'],
      rows: results.budgets.map((verdict) => [verdict.budget, verdict.holds === null ? 'n/a' : verdict.holds ? 'yes' : 'NO', verdict.measured]),
    },
  ];
};

const textTable = (headers: string[], rows: (string | number)[][]): string => {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => [...(row[column] ?? '')].length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
};

const markdownTable = (headers: string[], rows: (string | number)[][]): string =>
  [headers, headers.map(() => '---'), ...rows.map((row) => row.map((cell) => String(cell).replaceAll('|', '\\|')))]
    .map((row) => `| ${row.join(' | ')} |`)
    .join('\n');

export const formatReport = (results: BenchResults): string =>
  blocksOf(results)
    .map((block) => `${block.title}\n${'lines' in block ? block.lines.map((l) => `  ${l}`).join('\n') : textTable(block.headers, block.rows)}`)
    .join('\n\n');

export const formatMarkdown = (results: BenchResults): string =>
  blocksOf(results)
    .map((block) => `**${block.title}**\n\n${'lines' in block ? block.lines.map((l) => `- ${l}`).join('\n') : markdownTable(block.headers, block.rows)}`)
    .join('\n\n') + '\n';
