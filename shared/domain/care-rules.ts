import type { DossierEvent } from './events.ts';
import type { TenantSettings } from './tenant.ts';

/**
 * Care rules (回访): follow-ups Dossier schedules by itself from events — after a customer's first
 * purchase, after a complaint is resolved (a satisfaction check), when a customer turns at_risk
 * (win-back). Each rule is a tenant setting with its delay; pure: the event and settings decide.
 */
export type CareRule = 'afterFirstPurchase' | 'afterComplaintResolved' | 'whenAtRisk';

export interface CareFollowup {
  rule: CareRule;
  customerId: string;
  dueAt: string;
  title: string;
}

const titles: Record<'zh' | 'en', Record<CareRule, string>> = {
  zh: { afterFirstPurchase: '首次消费回访', afterComplaintResolved: '投诉处理满意度回访', whenAtRisk: '流失预警：挽回客户' },
  en: { afterFirstPurchase: 'Follow up after the first purchase', afterComplaintResolved: 'Satisfaction check after a resolved complaint', whenAtRisk: 'Win back a customer at risk' },
};

const ruleOf = (event: DossierEvent): { rule: CareRule; customerId: string } | undefined => {
  if (event.type === 'stage.changed' && event.data.from === 'prospect' && event.data.to === 'new') return { rule: 'afterFirstPurchase', customerId: event.data.customerId };
  if (event.type === 'stage.changed' && event.data.to === 'at_risk') return { rule: 'whenAtRisk', customerId: event.data.customerId };
  if (event.type === 'feedback.resolved' && event.data.type === 'complaint') return { rule: 'afterComplaintResolved', customerId: event.data.customerId };
  return undefined;
};

/** The follow-up an event calls for under the tenant's rules, if any (a rule turned off calls for none). */
export const careFollowupFor = (event: DossierEvent, tenant: { locale: string; settings: Pick<TenantSettings, 'followupRules'> }): CareFollowup | undefined => {
  const matched = ruleOf(event);
  if (!matched) return undefined;
  const setting = tenant.settings.followupRules[matched.rule];
  if (!setting.enabled) return undefined;
  return {
    ...matched,
    dueAt: new Date(Date.parse(event.occurredAt) + setting.delayDays * 24 * 3600 * 1000).toISOString(),
    title: titles[tenant.locale.toLowerCase().startsWith('zh') ? 'zh' : 'en'][matched.rule],
  };
};
