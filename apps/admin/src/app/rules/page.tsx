'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { QueryError } from '../../components/QueryError';
import { hasRole } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n';
import { useApi, useSession } from '../../lib/session';
import { Deliveries } from './deliveries';
import { DryRun } from './dry-run';
import type { Rule } from './rule-draft';
import { RuleForm } from './rule-form';
import { RulesTable } from './rules-table';

/**
 * Routing rules: the org's rules and the platform defaults (switch, edit, delete), the rule
 * editor (new rule, or the rule being edited), the dry run and a message's deliveries.
 */
export default function RulesPage() {
  const { t } = useI18n();
  const api = useApi();
  const { principal } = useSession();
  const queries = useQueryClient();
  const list = useQuery({ queryKey: ['rules.list'], queryFn: () => api.rules.list.query() });
  const [editing, setEditing] = useState<Rule | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: ['rules.list'] });
  // Platform defaults belong to every org: only a platform operator changes them.
  const canWrite = (rule: Rule) => rule.orgId !== '*' || hasRole(principal, 'platform');

  function edit(rule: Rule) {
    setEditing(rule);
    requestAnimationFrame(() =>
      document.querySelector('[data-testid="rule-edit"]')?.scrollIntoView({ block: 'start' }),
    );
  }

  return (
    <section>
      <div className="row">
        <h1>{t('rules.title')}</h1>
        <span className="spacer" />
        {hasRole(principal, 'admin') && (
          <Link href="/rules/preferences" data-testid="org-preferences-link">
            {t('prefs.title')}
          </Link>
        )}
      </div>
      <QueryError error={list.error} />
      <RulesTable
        rules={list.data?.items ?? []}
        canWrite={canWrite}
        onEdit={edit}
        onChanged={refresh}
      />
      {list.data && list.data.items.length === 0 && <p className="muted">{t('common.none')}</p>}
      {editing ? (
        <RuleForm
          key={`${editing.ruleId}-${String(editing.enabled)}`}
          rule={editing}
          onSaved={() => (setEditing(null), void refresh())}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <RuleForm onSaved={() => void refresh()} />
      )}
      <DryRun />
      <Deliveries />
    </section>
  );
}
