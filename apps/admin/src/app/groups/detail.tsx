'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { TextField } from '../../components/Field';
import { QueryError } from '../../components/QueryError';
import type { Group } from '../../lib/api-types';
import { splitFieldErrors } from '../../lib/field-errors';
import { fieldBinder } from '../../lib/form';
import { GROUP_KIND_LABELS, groupQuery, refreshGroups } from '../../lib/groups-api';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { useAction } from '../../lib/use-action';
import { GroupMembers } from './members';

/** One group: rename and describe it, manage its members, delete it. */
export function GroupDetail({ groupId, onDeleted }: { groupId: string; onDeleted: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const group = useQuery(groupQuery(api, groupId));
  if (!group.data) {
    return (
      <div className="card">
        <QueryError error={group.error} />
        {!group.error && <p className="muted">{t('common.loading')}</p>}
      </div>
    );
  }
  return (
    <div className="card" data-testid="group-detail">
      <h2>
        {t('grp.details')} · {group.data.name}
      </h2>
      <p className="muted">
        <code>{groupId}</code> · {t(GROUP_KIND_LABELS[group.data.type])}
      </p>
      <GroupEditForm group={group.data} />
      <GroupMembers group={group.data} />
      <DeleteGroup groupId={groupId} onDeleted={onDeleted} />
    </div>
  );
}

const EDIT_FIELDS = ['name', 'description'] as const;

function GroupEditForm({ group }: { group: Group }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: group.name, description: group.description });
  const [saved, setSaved] = useState(false);
  const field = fieldBinder(form, (update) => (setSaved(false), setForm(update)));
  const save = useAction(() => api.groups.update.mutate({ groupId: group.groupId, ...form }));
  const errors = splitFieldErrors(save.error, EDIT_FIELDS);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!(await save.run())) return;
    setSaved(true);
    await refreshGroups(queryClient);
  }

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="edit-group">
      <QueryError error={errors.general} />
      <TextField label={t('grp.name')} {...field('name')} required error={errors.byField.name} />
      <TextField
        label={t('grp.description')}
        rows={2}
        {...field('description')}
        error={errors.byField.description}
      />
      <div className="row">
        <button type="submit" disabled={save.pending}>
          {t('common.save')}
        </button>
        {saved && <span className="ok">{t('grp.saved')}</span>}
      </div>
    </form>
  );
}

/** A delete button that asks before it deletes. */
function DeleteGroup({ groupId, onDeleted }: { groupId: string; onDeleted: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const remove = useAction(() => api.groups.delete.mutate({ groupId }));

  async function confirm() {
    if (!(await remove.run())) return;
    onDeleted();
    await refreshGroups(queryClient);
  }

  if (!asking) {
    return (
      <p>
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          {t('grp.delete')}
        </button>
      </p>
    );
  }
  return (
    <div role="dialog" aria-label={t('grp.delete')} data-testid="confirm-delete">
      <p>{t('grp.deleteQuestion')}</p>
      <QueryError error={remove.error} />
      <div className="row">
        <button
          type="button"
          className="danger"
          disabled={remove.pending}
          onClick={() => void confirm()}
        >
          {t('grp.confirmDelete')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={remove.pending}
          onClick={() => (remove.reset(), setAsking(false))}
        >
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
