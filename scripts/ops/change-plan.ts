import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { plans, type Plan } from '#shared/domain/tenant';
import { changeTenantPlan } from '#shared/services/tenant-usage';

/**
 * Moves a tenant to another plan (docs/deploy.md, "Per-tenant rate limits"): its usage key to that
 * plan's usage plan, then the tenant item, with an audit entry. Run with the stage's settings and
 * credentials that may change API keys' usage plans:
 *
 *   DOSSIER_STAGE=prod DOSSIER_TABLE=<table> DOSSIER_USAGE_PLANS=api-gateway AWS_REGION=<region> \
 *   npx tsx scripts/ops/change-plan.ts --tenant ten_… --plan team
 *
 * Locally, with the runtime's DOSSIER_DATA_DIR and DYNAMODB_ENDPOINT, it moves a local tenant; a
 * running `npm start` throttles by the new plan once restarted (it reads the usage plans at start).
 */
const usage = `npx tsx scripts/ops/change-plan.ts --tenant <tenant id> --plan <${plans.join('|')}>`;
const { values } = parseArgs({ options: { tenant: { type: 'string' }, plan: { type: 'string' } } });
const plan = values.plan as Plan | undefined;
if (!values.tenant || !plan || !plans.includes(plan)) {
  console.error(usage);
  process.exit(2);
}
const changed = await changeTenantPlan(values.tenant, plan, { requestId: `ops-${randomUUID()}`, now: new Date(), sourceIp: undefined, userAgent: 'scripts/ops/change-plan.ts' });
console.log(changed.from === changed.to ? `${values.tenant} is already on ${plan}` : `${values.tenant}: ${changed.from} → ${changed.to}`);
