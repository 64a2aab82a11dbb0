'use client';
import { useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { QueryError } from '../../components/QueryError';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { useAction } from '../../lib/use-action';
import { fieldsOfStored, type Rule } from './rule-draft';

/**
 * The rules in evaluation order, each with its enabled switch, Edit and Delete (after a
 * confirmation). `canWrite` says which rules the signed-in admin may change (not the platform
 * defaults, unless a platform operator). `onEdit` opens the editor on a rule, possibly changed.
 */
export function RulesTable({
  rules,
  canWrite,
  onEdit,
  onChanged,
}: {
  rules: readonly Rule[];
  canWrite: (rule: Rule) => boolean;
  onEdit: (rule: Rule) => void;
  onChanged: () => Promise<void>;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [confirming, setConfirming] = useState<string | null>(null);
  const toggle = useAction(async (rule: Rule) => {
    await api.rules.update.mutate({
      ruleId: rule.ruleId,
      ...fieldsOfStored(rule),
      enabled: !rule.enabled,
    });
    await onChanged();
  });
  const remove = useAction(async (ruleId: string) => {
    await api.rules.delete.mutate({ ruleId });
    setConfirming(null);
    await onChanged();
  });

  function switchEnabled(rule: Rule) {
    void toggle.run(rule);
  }

  const actions = (r: Rule) =>
    confirming === r.ruleId ? (
      <span role="group" aria-label={t('rules.delete')} data-testid="confirm-delete">
        {t('rules.deleteQuestion')}{' '}
        <button
          type="button"
          className="danger"
          disabled={remove.pending}
          onClick={() => void remove.run(r.ruleId)}
        >
          {t('rules.confirmDelete')}
        </button>{' '}
        <button
          type="button"
          className="secondary"
          onClick={() => (remove.reset(), setConfirming(null))}
        >
          {t('common.cancel')}
        </button>
      </span>
    ) : (
      <span className="row">
        <button type="button" className="secondary" onClick={() => onEdit(r)}>
          {t('rules.edit')}
        </button>
        <button type="button" className="danger" onClick={() => setConfirming(r.ruleId)}>
          {t('rules.delete')}
        </button>
      </span>
    );

  return (
    <>
      <QueryError error={toggle.error ?? remove.error} />
      <DataTable
        testId="rules-table"
        rows={rules}
        rowKey={(r) => r.ruleId}
        rowProps={(r) => ({ 'data-rule': r.ruleId, 'data-enabled': String(r.enabled) })}
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
          {
            header: t('rules.enabled'),
            cell: (r) => (
              <input
                type="checkbox"
                name="enabled"
                aria-label={`${t('rules.enabled')}: ${r.name}`}
                checked={r.enabled}
                disabled={!canWrite(r) || toggle.pending}
                onChange={() => switchEnabled(r)}
              />
            ),
          },
          { header: '', cell: (r) => (canWrite(r) ? actions(r) : null) },
        ]}
      />
    </>
  );
}
