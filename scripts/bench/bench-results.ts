import type { ArchiveFigures } from './archive-section.ts';
import type { BenchSettings } from './bench-settings.ts';
import type { SlotLookupFigures } from './birthday-section.ts';
import type { BundleFigures } from './bundle-section.ts';
import type { ConsoleFigures } from './console-section.ts';
import type { GrowthFigures } from './growth-section.ts';
import type { KeyProviderFigures } from './key-provider-section.ts';
import type { OperationFigures } from './operation-figures.ts';
import type { SeedingFigures } from './operations-tenant.ts';
import type { TransactionMetering } from './transaction-metering.ts';
import type { TransactionShapes } from './transaction-shape.ts';
import type { WebhookFigures } from './webhook-section.ts';

/** What `bench/results.json` holds: every figure of a run, and the budgets judged from them. */
export interface BudgetVerdict {
  budget: string;
  measured: string;
  /** `null` when this run could not tell (e.g. nobody had a birthday today in a quick run). */
  holds: boolean | null;
  note?: string;
}

export interface BenchResults {
  meta: {
    mode: BenchSettings['mode'];
    seed: number;
    startedAt: string;
    finishedAt: string;
    durationSeconds: number;
    sectionSeconds: Record<string, number>;
    machine: { cpus: number; cpuModel: string; memoryGb: number; platform: string; node: string; java: string };
    dynamodb: string;
    /** How this DynamoDB Local meters transactions, measured (it under-counts multi-item ones). */
    transactionMetering: TransactionMetering;
    notes: string[];
  };
  seeding: { operationsTenant: SeedingFigures };
  /** DynamoDB item sizes (bytes, estimated by the developer guide's rules) of the operations tenant's profiles. */
  itemSizes: { profileBytes: { median: number; max: number; sampled: number } };
  capacity: (OperationFigures['capacity'] & { name: string; label: string })[];
  latency: (OperationFigures['latency'] & { name: string; label: string })[];
  transactionShapes: TransactionShapes;
  keyProvider: KeyProviderFigures;
  bundles: BundleFigures[];
  /** The staff console's first load (web/dist), gzipped. */
  console: ConsoleFigures;
  growth: GrowthFigures;
  webhooks: WebhookFigures;
  archive: ArchiveFigures;
  /** The birthday job's hourly look-up of the tenants due, among many. */
  birthdaySlots: SlotLookupFigures;
  budgets: BudgetVerdict[];
}
