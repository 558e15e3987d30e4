import { config } from '#shared/runtime/config';
import { ApiGatewayUsagePlans } from './api-gateway-usage-plans.ts';
import { LocalUsagePlans } from './local-usage-plans.ts';
import type { UsagePlans } from './usage-plans.ts';

let provider: UsagePlans | undefined;

/** The usage plans of this runtime: API Gateway's in AWS, the local gateway's on a laptop and in tests. */
export const usagePlans = (): UsagePlans => {
  if (!provider) {
    const { usagePlans: kind, stage, dataDir, inMemory } = config();
    provider = kind === 'api-gateway' ? new ApiGatewayUsagePlans({ stage }) : new LocalUsagePlans({ dataDir, inMemory });
  }
  return provider;
};

/** The local usage plans, for the local gateway; none when this runtime uses API Gateway's. */
export const localUsagePlans = (): LocalUsagePlans | undefined => {
  const current = usagePlans();
  return current instanceof LocalUsagePlans ? current : undefined;
};
