import { StatusTag } from '#web/layout/status-tag.tsx';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Empty, Input, Select, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { answer, api, type Schemas } from '#web/api/client.ts';
import { useCan, useMe } from '#web/api/server-state.ts';
import { useTenantFormat } from '#web/format/tenant-format.ts';
import { useT } from '#web/i18n/language.tsx';
import { LinkButton } from '#web/layout/link-button.tsx';
import { QueryState } from '#web/layout/query-state.tsx';
import { lookupOf, sorts, stages, tiers, type CustomerSort } from './customer-query.ts';
import { useDebounced } from './use-debounced.ts';

const PAGE = 25;

type Summary = Schemas['CustomerSummary'];

/** The customer list: search as you type, exact look-up by phone or email, filters, sort, more pages. */
export const CustomerList = () => {
  const t = useT();
  const can = useCan();
  const me = useMe().data;
  const format = useTenantFormat();
  // Filters live in the address, so a list can be bookmarked and Back returns to it.
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const settledSearch = useDebounced(search, 250);
  const filters = {
    tier: (params.get('tier') ?? undefined) as (typeof tiers)[number] | undefined,
    stage: (params.get('stage') ?? undefined) as (typeof stages)[number] | undefined,
    tag: params.get('tag') ?? undefined,
    ownerUserId: params.get('owner') ?? undefined,
    sort: (params.get('sort') ?? '-createdAt') as CustomerSort,
  };
  const setParam = (name: string, value: string | undefined) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const users = useQuery({ queryKey: ['users'], queryFn: () => answer(api.GET('/v1/users', { params: { query: { limit: 200 } } })), enabled: can('admin') });
  const list = useInfiniteQuery({
    queryKey: ['customers', settledSearch, filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      answer(api.GET('/v1/customers', { params: { query: { ...lookupOf(settledSearch), ...filters, limit: PAGE, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While the next letters are looked up, the list shows what it had instead of a spinner.
    placeholderData: keepPreviousData,
  });

  const ownerOptions = [
    { value: '', label: `${t('customers.owner')}: ${t('customers.all')}` },
    ...(me?.kind === 'user' ? [{ value: me.userId, label: t('customers.mine') }] : []),
    ...(users.data?.items ?? []).filter((user) => me?.kind !== 'user' || user.id !== me.userId).map((user) => ({ value: user.id, label: user.name })),
  ];
  const columns = [
    { title: t('customers.name'), key: 'name', render: (c: Summary) => <Link to={`/customers/${c.id}`}>{c.name}</Link> },
    { title: t('customers.phone'), dataIndex: 'phone', key: 'phone', render: (phone?: string) => phone ?? '—' },
    { title: t('customers.tier'), key: 'tier', render: (c: Summary) => <StatusTag tone={c.tier === 'vip' ? 'warn' : 'plain'}>{t(`tier.${c.tier}` as const)}</StatusTag> },
    { title: t('customers.stage'), key: 'stage', render: (c: Summary) => t(`stage.${c.stage}` as const) },
    // A list item is the customer's card (no figures: they change with every purchase); the
    // figures are on the file, one click away.
    { title: t('customers.city'), dataIndex: 'city', key: 'city', render: (city?: string) => city ?? '—' },
    { title: t('customers.tags'), key: 'tags', render: (c: Summary) => (c.tags.length > 0 ? c.tags.join('、') : '—') },
    { title: t('customers.createdAt'), key: 'created', render: (c: Summary) => format.date(c.createdAt) },
  ];
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <div className="console-page-header">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('customers.title')}
        </Typography.Title>
        {can('customers:write') && (
          <LinkButton to="/customers/new" type="primary">
            {t('customers.new')}
          </LinkButton>
        )}
      </div>
      <div className="console-filters" role="search">
        <Input
          className="console-search"
          type="search"
          aria-label={t('customers.search')}
          placeholder={t('customers.searchPlaceholder')}
          value={search}
          allowClear
          onChange={(event) => setParam('search', event.target.value)}
        />
        <Select aria-label={t('customers.tier')} value={filters.tier ?? ''} onChange={(v) => setParam('tier', v)} options={[{ value: '', label: `${t('customers.tier')}: ${t('customers.all')}` }, ...tiers.map((v) => ({ value: v, label: t(`tier.${v}` as const) }))]} />
        <Select aria-label={t('customers.stage')} value={filters.stage ?? ''} onChange={(v) => setParam('stage', v)} options={[{ value: '', label: `${t('customers.stage')}: ${t('customers.all')}` }, ...stages.map((v) => ({ value: v, label: t(`stage.${v}` as const) }))]} />
        <Input aria-label={t('customers.tag')} placeholder={t('customers.tag')} value={filters.tag ?? ''} onChange={(event) => setParam('tag', event.target.value.trim() || undefined)} />
        {ownerOptions.length > 1 && <Select aria-label={t('customers.owner')} value={filters.ownerUserId ?? ''} onChange={(v) => setParam('owner', v)} options={ownerOptions} />}
        <Select aria-label={t('customers.sort')} value={filters.sort} onChange={(v) => setParam('sort', v)} options={sorts.map((v) => ({ value: v, label: t(`customers.sort.${v}` as const) }))} />
      </div>
      <QueryState query={list}>
        {() => (
          <>
            <Table
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 640 }}
              locale={{ emptyText: <Empty description={t('customers.empty')} /> }}
            />
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 12 }}>
              <Typography.Text type="secondary" aria-live="polite">
                {t('customers.count', { count: rows.length })}
              </Typography.Text>
              {list.hasNextPage && (
                <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
                  {t('customers.more')}
                </Button>
              )}
            </div>
          </>
        )}
      </QueryState>
    </>
  );
};
