import { eventConsumer } from '#shared/runtime/event-consumer';
import { applyCareRules } from '#shared/services/care-rules';

/** First purchases, resolved complaints, customers turning at_risk → the follow-ups the tenant's care rules call for. */
export const handler = eventConsumer('apply-care-rules', applyCareRules);
