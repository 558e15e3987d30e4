import { rollUpReports } from '#shared/services/report-rollup';

/** DynamoDB Streams → the report figures: profile and record changes added up a batch at a time. */
export const handler = rollUpReports;
