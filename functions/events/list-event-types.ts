import { ok } from '#shared/http/responses';
import { EventCatalogueSchema, eventCatalogue } from '#shared/http/event-catalogue';
import { route } from '../http-route.ts';

export const handler = route('list-event-types', {
  response: { 200: EventCatalogueSchema },
  handle: async () => ok({ items: eventCatalogue() }),
});
