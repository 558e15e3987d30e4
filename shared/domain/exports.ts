import * as z from 'zod';
import type { CustomerView } from './customer-view.ts';
import { columnNames, type ImportField } from './import-columns.ts';
import { IsoDateTimeSchema, idSchemaFor } from './values.ts';

/**
 * Exports of customers to a spreadsheet. The columns are the importer's fields, so an export
 * (revealed) imports back as the same customers, followed by the figures Dossier derives, which
 * an import ignores. Masked unless revealed: a masked export holds no personal value in the clear.
 */
export const exportOptions = {
  format: z.enum(['csv', 'xlsx']).default('csv'),
  segmentId: idSchemaFor('segment').optional(),
  /** Column headers in English (the importer's field names) or Chinese. */
  headers: z.enum(['en', 'zh']).default('en'),
};

export const ExportQuerySchema = z.strictObject({ ...exportOptions, reveal: z.enum(['true', 'false']).default('false') });
export type ExportQuery = z.output<typeof ExportQuerySchema>;

export const ExportRequestSchema = z.strictObject({ ...exportOptions, reveal: z.boolean().default(false) });
export type ExportRequest = z.output<typeof ExportRequestSchema>;

export interface ExportOptions {
  format: 'csv' | 'xlsx';
  segmentId?: string | undefined;
  headers: 'en' | 'zh';
  reveal: boolean;
}

/** At most this many customers in one answer; more are exported in the background (`POST /v1/exports`). */
export const SYNC_EXPORT_LIMIT = 5000;

const derivedColumns = {
  id: ['编号'],
  tier: ['等级'],
  stage: ['阶段'],
  totalSpend: ['累计消费'],
  orderCount: ['订单数'],
  lastPurchaseAt: ['最近购买'],
  createdAt: ['建档时间'],
} as const;
type DerivedColumn = keyof typeof derivedColumns;

const exportedFields: readonly ImportField[] = [
  'name', 'type', 'gender', 'birthday', 'phone', 'email', 'idNumber', 'country', 'province', 'city', 'district', 'address',
  'postalCode', 'company', 'title', 'industry', 'tags', 'source', 'consentSms', 'consentEmail', 'externalIds', 'notes',
];
const derivedOrder: readonly DerivedColumn[] = ['id', 'tier', 'stage', 'totalSpend', 'orderCount', 'lastPurchaseAt', 'createdAt'];

export const exportHeader = (language: 'en' | 'zh'): string[] => [
  ...derivedOrder.slice(0, 1).map((column) => (language === 'zh' ? derivedColumns[column][0] : column)),
  ...exportedFields.map((field) => (language === 'zh' ? columnNames[field][0] : field)),
  ...derivedOrder.slice(1).map((column) => (language === 'zh' ? derivedColumns[column][0] : column)),
];

const yesNo = (value: boolean | undefined): string => (value === undefined ? '' : value ? 'true' : 'false');

/** Minor units as a decimal amount (12800 → 128.00). */
const amountText = (minor: number): string => (minor / 100).toFixed(2);

const fieldValue = (customer: CustomerView, field: ImportField): string => {
  switch (field) {
    case 'name': return customer.name ?? '';
    case 'type': return customer.type ?? '';
    case 'gender': return customer.gender ?? '';
    case 'birthday': return customer.birthday ?? '';
    case 'phone': return customer.phone ?? '';
    case 'email': return customer.email ?? '';
    case 'idNumber': return customer.idNumber ?? '';
    case 'country': return customer.address?.country ?? '';
    case 'province': return customer.address?.province ?? '';
    case 'city': return customer.address?.city ?? '';
    case 'district': return customer.address?.district ?? '';
    case 'address': return customer.address?.line1 ?? '';
    case 'postalCode': return customer.address?.postalCode ?? '';
    case 'company': return customer.company?.name ?? '';
    case 'title': return customer.company?.title ?? '';
    case 'industry': return customer.company?.industry ?? '';
    case 'tags': return customer.tags.join('; ');
    case 'source': return customer.source ?? '';
    case 'consentSms': return yesNo(customer.consent?.marketingSms);
    case 'consentEmail': return yesNo(customer.consent?.marketingEmail);
    case 'externalIds': return Object.entries(customer.externalIds ?? {}).map(([system, id]) => `${system}:${id}`).join('; ');
    case 'notes': return customer.preferences?.notes ?? '';
  }
};

/** One customer as a row of text under `exportHeader` (values as shown: masked or revealed). */
export const exportRowOf = (customer: CustomerView): string[] => [
  customer.id,
  ...exportedFields.map((field) => fieldValue(customer, field)),
  customer.tier,
  customer.stage,
  amountText(customer.stats.totalSpend.amount),
  String(customer.stats.orderCount),
  customer.stats.lastPurchaseAt ?? '',
  customer.createdAt,
];

export const exportStatuses = ['queued', 'running', 'completed', 'failed'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/** A background export as `POST /v1/exports` answers it and `GET /v1/exports/{id}` shows it. */
export const ExportJobSchema = z
  .object({
    id: idSchemaFor('export'),
    status: z.enum(exportStatuses),
    format: z.enum(['csv', 'xlsx']),
    segmentId: idSchemaFor('segment').optional(),
    headers: z.enum(['en', 'zh']),
    reveal: z.boolean(),
    exported: z.number().int().min(0).describe('Customers written so far'),
    rows: z.number().int().min(0).optional().describe('Customers in the file, once written'),
    bytes: z.number().int().min(0).optional(),
    fileName: z.string().optional(),
    downloadUrl: z.string().optional().describe('Once written: a link that fetches the file without credentials, until expiresAt (ask again for a fresh one)'),
    expiresAt: IsoDateTimeSchema.optional(),
    error: z.string().optional(),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
    completedAt: IsoDateTimeSchema.nullable(),
  })
  .meta({
    id: 'ExportJob',
    examples: [
      {
        id: 'exp_01JD3K0000AAAABBBBCCCCDDDD',
        status: 'completed',
        format: 'xlsx',
        headers: 'zh',
        reveal: false,
        exported: 52000,
        rows: 52000,
        bytes: 4718592,
        fileName: 'customers-2026-09-01.xlsx',
        downloadUrl: 'https://dossier-files.s3.amazonaws.com/exports/…?X-Amz-Signature=…',
        expiresAt: '2026-09-01T08:20:00.000Z',
        createdAt: '2026-09-01T08:00:00.000Z',
        updatedAt: '2026-09-01T08:04:00.000Z',
        completedAt: '2026-09-01T08:04:00.000Z',
      },
    ],
  });
export type ExportJobView = z.output<typeof ExportJobSchema>;
