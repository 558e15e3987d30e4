import { useQuery } from '@tanstack/react-query';
import { answer, api } from './client.ts';

/** Who is signed in and what they may do (GET /v1/me): the console offers only what the role may do. */
export const useMe = () => useQuery({ queryKey: ['me'], queryFn: () => answer(api.GET('/v1/me')), staleTime: 60_000 });

/** The tenant: its currency, locale and time zone shape every figure and date shown. */
export const useTenant = () => useQuery({ queryKey: ['tenant'], queryFn: () => answer(api.GET('/v1/tenant')), staleTime: 60_000 });

export type Permission = 'customers:read' | 'customers:write' | 'customers:reveal' | 'customers:delete' | 'admin' | 'audit:read' | 'tenant:delete';

/** Whether the signed-in user may do something; false until /v1/me has answered. */
export const useCan = (): ((permission: Permission) => boolean) => {
  const me = useMe();
  return (permission) => me.data?.permissions.includes(permission) ?? false;
};
