import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanKeyCommand,
  GetUsagePlansCommand,
} from '@aws-sdk/client-api-gateway';
import { DossierError } from '#shared/domain/errors';
import { usagePlanName } from '#shared/domain/plan-limits';
import { plans, type Plan } from '#shared/domain/tenant';
import type { UsagePlans } from './usage-plans.ts';
import { traced } from '#shared/runtime/tracer';

const isNamed = (error: unknown, name: string): boolean => error instanceof Error && error.name === name;

/** API Gateway's control plane failing is a dependency failing: nothing was kept, try again later. */
const unavailable = (cause: unknown): DossierError => new DossierError('dependency-unavailable', { retryAfter: 5, cause });

/**
 * A tenant's usage key as an API Gateway API key, in the usage plan of its plan. The stack creates
 * the three usage plans (infra/constructs/tenant-throttling.ts); they are found here by name
 * (`usagePlanName`) rather than passed in, because a function naming a usage plan's id would
 * depend on the stage, which depends on the methods, which depend on the function. Keys carry the
 * `dossier:stage` tag: the IAM policy lets a role delete only keys of its own stage.
 */
export class ApiGatewayUsagePlans implements UsagePlans {
  readonly name = 'api-gateway' as const;
  private readonly client = traced(new APIGatewayClient({}));
  private planIds: Promise<Record<Plan, string>> | undefined;

  constructor(private readonly options: { stage: string }) {}

  private usagePlanIds(): Promise<Record<Plan, string>> {
    this.planIds ??= (async () => {
      const byName = new Map<string, string>();
      let position: string | undefined;
      do {
        const page = await this.client.send(new GetUsagePlansCommand({ limit: 500, position }));
        for (const plan of page.items ?? []) if (plan.name && plan.id) byName.set(plan.name, plan.id);
        position = page.position;
      } while (position);
      return Object.fromEntries(
        plans.map((plan) => {
          const id = byName.get(usagePlanName(this.options.stage, plan));
          if (!id) throw new DossierError('internal', { detail: `No usage plan ${usagePlanName(this.options.stage, plan)}` });
          return [plan, id];
        }),
      ) as Record<Plan, string>;
    })();
    this.planIds.catch(() => {
      this.planIds = undefined;
    });
    return this.planIds;
  }

  async enrolTenant(tenantId: string, value: string, plan: Plan): Promise<string> {
    const planId = (await this.usagePlanIds())[plan];
    let keyId: string | undefined;
    try {
      const key = await this.client.send(
        new CreateApiKeyCommand({
          name: `dossier-${this.options.stage}-${tenantId}`,
          description: `Usage key of tenant ${tenantId} (its plan's throttle)`,
          enabled: true,
          value,
          tags: { 'dossier:stage': this.options.stage, 'dossier:tenant': tenantId },
        }),
      );
      keyId = key.id;
      if (!keyId) throw new Error('API Gateway returned no key id');
      await this.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: planId, keyId, keyType: 'API_KEY' }));
      return keyId;
    } catch (error) {
      if (keyId) await this.removeTenant(keyId).catch(() => undefined);
      throw unavailable(error);
    }
  }

  /**
   * API Gateway refuses a key in two usage plans of the same stage, so the key leaves the old plan
   * first; for the moment between the two calls its requests are refused (403) rather than
   * counted twice. Each call is a no-op when already done, so a failed move can be sent again.
   */
  async moveTenant(keyId: string, from: Plan, to: Plan): Promise<void> {
    if (from === to) return;
    const ids = await this.usagePlanIds();
    try {
      await this.client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: ids[from], keyId })).catch((error: unknown) => {
        if (!isNamed(error, 'NotFoundException')) throw error;
      });
      await this.client.send(new CreateUsagePlanKeyCommand({ usagePlanId: ids[to], keyId, keyType: 'API_KEY' })).catch((error: unknown) => {
        if (!isNamed(error, 'ConflictException')) throw error;
      });
    } catch (error) {
      throw unavailable(error);
    }
  }

  async removeTenant(keyId: string): Promise<void> {
    try {
      await this.client.send(new DeleteApiKeyCommand({ apiKey: keyId }));
    } catch (error) {
      if (!isNamed(error, 'NotFoundException')) throw unavailable(error);
    }
  }
}
