'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { DataTable } from '../../components/DataTable';
import { SubmitField } from '../../components/Field';
import { QueryError } from '../../components/QueryError';
import type { Group } from '../../lib/api-types';
import { splitFieldErrors } from '../../lib/field-errors';
import { refreshGroups } from '../../lib/groups-api';
import { useI18n } from '../../lib/i18n';
import { parseIdList } from '../../lib/id-list';
import { useApi } from '../../lib/session';
import { useAction } from '../../lib/use-action';

/** A group's members: each with a remove button, and a field that adds several at once. */
export function GroupMembers({ group }: { group: Group }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const [toAdd, setToAdd] = useState('');
  const { groupId } = group;
  const add = useAction((userIds: string[]) => api.groups.addMembers.mutate({ groupId, userIds }));
  const remove = useAction((userId: string) =>
    api.groups.removeMembers.mutate({ groupId, userIds: [userId] }),
  );
  const addErrors = splitFieldErrors(add.error, ['userIds']);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!(await add.run(parseIdList(toAdd)))) return;
    setToAdd('');
    await refreshGroups(queryClient);
  }

  async function removeMember(userId: string) {
    if (await remove.run(userId)) await refreshGroups(queryClient);
  }

  return (
    <div data-testid="group-members">
      <h3>
        {t('grp.members')} ({group.members.length})
      </h3>
      <QueryError error={remove.error} />
      <DataTable
        rows={group.members}
        rowKey={(userId) => userId}
        rowProps={(userId) => ({ 'data-member': userId })}
        columns={[
          { header: t('common.user'), cell: (userId) => <code>{userId}</code> },
          {
            header: '',
            cell: (userId) => (
              <button
                type="button"
                className="secondary"
                disabled={remove.pending}
                onClick={() => void removeMember(userId)}
              >
                {t('grp.remove')}
              </button>
            ),
          },
        ]}
      />
      {group.members.length === 0 && <p className="muted">{t('grp.noMembers')}</p>}
      <form onSubmit={(e) => void submit(e)} data-testid="add-members">
        <SubmitField
          label={t('grp.membersHelp')}
          name="addMembers"
          value={toAdd}
          onChange={setToAdd}
          error={addErrors.byField.userIds}
          submitLabel={t('grp.addMembers')}
          pending={add.pending}
        />
      </form>
      <QueryError error={addErrors.general} />
    </div>
  );
}
