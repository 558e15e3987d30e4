import { ReportSummarySchema } from '#shared/domain/reports';
import { ok } from '#shared/http/responses';
import { readSummary } from '#shared/services/reports';
import { route } from '../http-route.ts';

export const handler = route('get-report-summary', {
  response: { 200: ReportSummarySchema },
  handle: async ({ caller }) => ok(await readSummary(caller)),
});
