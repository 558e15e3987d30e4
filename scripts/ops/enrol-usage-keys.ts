import { enrolTenantsWithoutUsageKey } from '#shared/services/tenant-usage';

/**
 * Once, right after the first deploy with per-tenant throttling (docs/deploy.md): gives every
 * active tenant that signed up before it a usage key in its plan's usage plan. Run with the
 * stage's settings and credentials that may create API keys and read the service secret:
 *
 *   DOSSIER_STAGE=prod DOSSIER_TABLE=<table> DOSSIER_USAGE_PLANS=api-gateway \
 *   DOSSIER_SERVICE_SECRET_ARN=<arn> AWS_REGION=<region> npx tsx scripts/ops/enrol-usage-keys.ts
 *
 * Locally, with the runtime's DOSSIER_DATA_DIR (and DYNAMODB_ENDPOINT), it enrols the tenants of a
 * data directory from before per-tenant throttling.
 */
const { enrolled } = await enrolTenantsWithoutUsageKey();
console.log(`Enrolled ${enrolled} tenant(s) in their plan's usage plan`);
