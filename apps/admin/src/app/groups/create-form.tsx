'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { SelectField, TextField } from '../../components/Field';
import { QueryError } from '../../components/QueryError';
import { GROUP_KINDS, type GroupKind } from '../../lib/api-types';
import { splitFieldErrors } from '../../lib/field-errors';
import { fieldBinder } from '../../lib/form';
import { GROUP_KIND_LABELS, refreshGroups } from '../../lib/groups-api';
import { useI18n } from '../../lib/i18n';
import { parseIdList } from '../../lib/id-list';
import { useApi } from '../../lib/session';
import { useAction } from '../../lib/use-action';

/** What the form holds; `members` is the typed list of user ids. */
interface NewGroup {
  groupId: string;
  name: string;
  type: GroupKind;
  description: string;
  members: string;
}

const EMPTY: NewGroup = { groupId: '', name: '', type: 'USER_GROUP', description: '', members: '' };
const FIELDS = ['groupId', 'name', 'type', 'description', 'members'] as const;

/** Creates a group of the admin's org; `onCreated` receives the new group's id. */
export function CreateGroupForm({ onCreated }: { onCreated: (groupId: string) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<NewGroup>(EMPTY);
  const field = fieldBinder(form, setForm);
  const create = useAction(() =>
    api.groups.create.mutate({
      groupId: form.groupId.trim() || undefined,
      name: form.name,
      type: form.type,
      description: form.description,
      members: parseIdList(form.members),
    }),
  );
  const errors = splitFieldErrors(create.error, FIELDS);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const group = await create.run();
    if (!group) return;
    setForm(EMPTY);
    await refreshGroups(queryClient);
    onCreated(group.groupId);
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="create-group">
      <h2>{t('grp.new')}</h2>
      <QueryError error={errors.general} />
      <div className="row">
        <TextField label={t('grp.name')} {...field('name')} required error={errors.byField.name} />
        <TextField
          label={t('grp.idOptional')}
          {...field('groupId')}
          error={errors.byField.groupId}
        />
        <SelectField
          label={t('common.type')}
          options={GROUP_KINDS}
          optionLabel={(k) => t(GROUP_KIND_LABELS[k])}
          {...field('type')}
          error={errors.byField.type}
        />
      </div>
      <TextField
        label={t('grp.description')}
        {...field('description')}
        error={errors.byField.description}
      />
      <TextField
        label={t('grp.membersHelp')}
        rows={2}
        {...field('members')}
        error={errors.byField.members}
      />
      <button type="submit" disabled={create.pending}>
        {t('grp.create')}
      </button>
    </form>
  );
}
