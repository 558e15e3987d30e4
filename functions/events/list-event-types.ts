import { ok } from '#shared/http/responses';
import { eventCatalogue } from '#shared/http/event-catalogue';
import { route } from '../http-route.ts';

export const handler = route('list-event-types', {
  handle: async () => ok({ items: eventCatalogue() }),
});
