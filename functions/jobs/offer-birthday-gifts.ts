import { tenantWorker } from '#shared/runtime/tenant-worker';
import { offerBirthdayGifts } from '#shared/services/birthday-offers';

/** One tenant's birthday coupons and greetings of the day. */
export const handler = tenantWorker('birthday-offers', offerBirthdayGifts);
