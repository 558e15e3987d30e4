import * as z from 'zod';
import { recordKinds, type RecordKindName } from '#shared/domain/records/record-kinds';
import { idSchemaFor } from '#shared/domain/values';

/** The path parameters of the API, one schema each (a malformed id is a 404, like an unknown one). */
export const CustomerPathSchema = z.object({ customerId: idSchemaFor('customer') });
export const recordPathSchemaFor = (kind: RecordKindName) => CustomerPathSchema.extend({ recordId: idSchemaFor(recordKinds[kind].idKind) });
export const UserPathSchema = z.object({ userId: idSchemaFor('user') });
export const ApiKeyPathSchema = z.object({ keyId: idSchemaFor('apiKey') });
export const CampaignPathSchema = z.object({ campaignId: idSchemaFor('campaign') });
export const CouponCodePathSchema = z.object({ code: z.string().regex(/^[0-9A-Za-z]{6,20}$/) });
export const WebhookPathSchema = z.object({ webhookId: idSchemaFor('webhook') });
export const DeliveryPathSchema = WebhookPathSchema.extend({ deliveryId: idSchemaFor('delivery') });
export const SegmentPathSchema = z.object({ segmentId: idSchemaFor('segment') });
export const ImportPathSchema = z.object({ importId: idSchemaFor('import') });
export const ExportPathSchema = z.object({ exportId: idSchemaFor('export') });
export const NotificationPathSchema = z.object({ notificationId: idSchemaFor('notification') });
