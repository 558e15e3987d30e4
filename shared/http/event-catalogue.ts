import * as z from 'zod';
import { eventDataSchemas, eventDescriptions, eventTypes, type EventType } from '#shared/domain/events';
import { IsoDateTimeSchema, idSchemaFor } from '#shared/domain/values';

/**
 * The events integrators receive, described from the zod schemas the code emits with: `GET
 * /v1/event-types` lists them, and the OpenAPI document's `webhooks` object holds the same.
 */
export const eventEnvelopeSchemaOf = (type: EventType) =>
  z.strictObject({
    id: idSchemaFor('event'),
    type: z.literal(type),
    tenantId: idSchemaFor('tenant'),
    occurredAt: IsoDateTimeSchema,
    data: eventDataSchemas[type],
  });

const jsonSchemaOf = (schema: z.ZodType): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};

export const EventTypeSchema = z
  .object({
    type: z.enum(eventTypes),
    description: z.string(),
    schema: z.record(z.string(), z.unknown()).describe('JSON Schema (2020-12) of the event as delivered, its data included'),
  })
  .meta({ id: 'EventType', description: 'An event integrators can receive.' });

export const EventCatalogueSchema = z.object({ items: z.array(EventTypeSchema) }).meta({ id: 'EventCatalogue' });

export const eventCatalogue = () =>
  eventTypes.map((type) => ({ type, description: eventDescriptions[type], schema: jsonSchemaOf(eventEnvelopeSchemaOf(type)) }));
