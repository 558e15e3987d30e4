import { gatewayAuthorizer } from '#shared/http/gateway-authorizer';

/** The gateway's authorizer (manifest `gateway.authorizer`): the caller's tenant and usage key before any route's function runs. */
export const handler = gatewayAuthorizer();
