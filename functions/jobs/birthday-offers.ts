import { scheduledJob } from '#shared/runtime/scheduled-job';
import { dispatchBirthdayOffers } from '#shared/services/birthday-offers';

/** Hourly: the tenants whose send hour it is, a unit of work each (offer-birthday-gifts.ts). */
export const handler = scheduledJob('birthday-offers', dispatchBirthdayOffers);
