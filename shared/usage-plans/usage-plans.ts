import type { Plan } from '#shared/domain/tenant';

/**
 * Where a tenant's usage key counts against its plan. Two adapters implement it: API Gateway (an
 * API key per tenant, in the usage plan of its plan: the gateway throttles before any function
 * runs) and the local one the local gateway reads (scripts/local/local-throttle.ts).
 */
export interface UsagePlans {
  readonly name: 'api-gateway' | 'local';
  /**
   * Registers the tenant's usage key (`value`, shared/crypto/usage-keys.ts) in the usage plan of
   * `plan`; answers the key's id, which the tenant item keeps to move or remove it later.
   */
  enrolTenant(tenantId: string, value: string, plan: Plan): Promise<string>;
  /** Moves a registered key from one plan's usage plan to another's (a plan change). */
  moveTenant(keyId: string, from: Plan, to: Plan): Promise<void>;
  /** Removes the key, and with it the tenant from every usage plan; a key already gone is fine. */
  removeTenant(keyId: string): Promise<void>;
}
