'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from '../../components/DataTable';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { useAction } from '../../lib/use-action';
import { Deliveries } from './deliveries';
import { DryRun } from './dry-run';
import { RuleForm } from './rule-form';

/** Routing rules: the org's rules and the platform defaults, a new-rule form, the dry run and deliveries. */
export default function RulesPage() {
  const { t } = useI18n();
  const api = useApi();
  const queries = useQueryClient();
  const list = useQuery({ queryKey: ['rules.list'], queryFn: () => api.rules.list.query() });
  const remove = useAction(async (ruleId: string) => {
    await api.rules.delete.mutate({ ruleId });
    await queries.invalidateQueries({ queryKey: ['rules.list'] });
  });

  return (
    <section>
      <h1>{t('rules.title')}</h1>
      <QueryError error={list.error ?? remove.error} />
      <DataTable
        testId="rules-table"
        rows={list.data?.items ?? []}
        rowKey={(r) => r.ruleId}
        columns={[
          { header: t('rules.priority'), cell: (r) => r.priority },
          {
            header: t('rules.name'),
            cell: (r) => (r.orgId === '*' ? `${r.name} (${t('rules.default')})` : r.name),
          },
          {
            header: t('rules.conditions'),
            cell: (r) => <code>{JSON.stringify(r.conditions)}</code>,
          },
          {
            header: t('rules.actions'),
            cell: (r) => <code>{`${r.actions.inApp} ${r.actions.channels.join(' ')}`}</code>,
          },
          { header: t('rules.enabled'), cell: (r) => (r.enabled ? '✓' : '—') },
          {
            header: '',
            cell: (r) =>
              r.orgId === '*' ? null : (
                <button type="button" onClick={() => void remove.run(r.ruleId)}>
                  {t('rules.delete')}
                </button>
              ),
          },
        ]}
      />
      {list.data && list.data.items.length === 0 && <p className="muted">{t('common.none')}</p>}
      <RuleForm onCreated={() => void queries.invalidateQueries({ queryKey: ['rules.list'] })} />
      <DryRun />
      <Deliveries />
    </section>
  );
}
