import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanKeyCommand,
  GetUsagePlansCommand,
  NotFoundException,
} from '@aws-sdk/client-api-gateway';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DossierError } from '#shared/domain/errors';
import { newId } from '#shared/runtime/ids';
import { ApiGatewayUsagePlans } from '#shared/usage-plans/api-gateway-usage-plans';

const apiGateway = mockClient(APIGatewayClient);
const tenantId = newId('tenant');
const usagePlans = [
  { id: 'up-free', name: 'dossier-prod-free' },
  { id: 'up-team', name: 'dossier-prod-team' },
  { id: 'up-business', name: 'dossier-prod-business' },
  { id: 'up-dev-free', name: 'dossier-dev-free' },
];

beforeEach(() => {
  apiGateway.reset();
  apiGateway.on(GetUsagePlansCommand).resolves({ items: usagePlans });
});

describe('ApiGatewayUsagePlans', () => {
  it("creates the tenant's usage key, tagged with its stage and tenant, in its own stage's usage plan of its plan", async () => {
    apiGateway.on(CreateApiKeyCommand).resolves({ id: 'key-1' });

    const keyId = await new ApiGatewayUsagePlans({ stage: 'prod' }).enrolTenant(tenantId, 'dsu_value-of-twenty-chars', 'free');

    expect(keyId).toBe('key-1');
    expect(apiGateway.commandCalls(CreateApiKeyCommand)[0]!.args[0].input).toMatchObject({
      value: 'dsu_value-of-twenty-chars',
      enabled: true,
      tags: { 'dossier:stage': 'prod', 'dossier:tenant': tenantId },
    });
    expect(apiGateway.commandCalls(CreateUsagePlanKeyCommand)[0]!.args[0].input).toEqual({ usagePlanId: 'up-free', keyId: 'key-1', keyType: 'API_KEY' });
  });

  it('deletes the key it made when it cannot put it in the usage plan, and answers a dependency failure', async () => {
    apiGateway.on(CreateApiKeyCommand).resolves({ id: 'key-1' });
    apiGateway.on(CreateUsagePlanKeyCommand).rejects(new Error('Too many requests'));

    const enrolment = new ApiGatewayUsagePlans({ stage: 'prod' }).enrolTenant(tenantId, 'dsu_value-of-twenty-chars', 'team');

    await expect(enrolment).rejects.toSatisfy((error) => error instanceof DossierError && error.code === 'dependency-unavailable');
    expect(apiGateway.commandCalls(DeleteApiKeyCommand)[0]!.args[0].input).toEqual({ apiKey: 'key-1' });
  });

  it('moves a key out of its old plan before putting it in the new one, which a stage allows only one of', async () => {
    const order: string[] = [];
    apiGateway.on(DeleteUsagePlanKeyCommand).callsFake(async (input: { usagePlanId: string }) => {
      order.push(`leave ${input.usagePlanId}`);
      return {};
    });
    apiGateway.on(CreateUsagePlanKeyCommand).callsFake(async (input: { usagePlanId: string }) => {
      order.push(`join ${input.usagePlanId}`);
      return {};
    });

    await new ApiGatewayUsagePlans({ stage: 'prod' }).moveTenant('key-1', 'free', 'business');

    expect(order).toEqual(['leave up-free', 'join up-business']);
  });

  it('takes a key already gone as removed, so a purge can run again', async () => {
    apiGateway.on(DeleteApiKeyCommand).rejects(new NotFoundException({ message: 'Invalid API Key identifier specified', $metadata: {} }));

    await expect(new ApiGatewayUsagePlans({ stage: 'prod' }).removeTenant('key-1')).resolves.toBeUndefined();
  });

  it('refuses to enrol anyone when a usage plan of its stage is missing', async () => {
    apiGateway.on(GetUsagePlansCommand).resolves({ items: usagePlans.slice(0, 2) });

    await expect(new ApiGatewayUsagePlans({ stage: 'prod' }).enrolTenant(tenantId, 'dsu_value-of-twenty-chars', 'free')).rejects.toThrow(DossierError);
    expect(apiGateway.commandCalls(CreateApiKeyCommand)).toEqual([]);
  });
});
